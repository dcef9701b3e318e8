import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, RETRY_DELAYS_MS, setSignInAgain, SIGNED_OUT_EVENT, TIMEOUT_MS } from './api';
import { KeysQuery, RevokeApiKeyMutation, SignInMutation } from '../operations';
import { data, gqlError, mockGraphQL } from '../../test/graphql';

afterEach(() => {
  vi.useRealTimers();
  setSignInAgain(undefined);
});

/** A fetch that never answers until its signal aborts it, like a hung server. */
const hang = (_url: unknown, init: RequestInit = {}) =>
  new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
const keys = () => data({ keys: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } });

describe('request', () => {
  it('POSTs JSON to /graphql with the CSRF cookie as a header', async () => {
    document.cookie = 'importops_csrf=abc123';
    const api = mockGraphQL({ Keys: () => ({ body: { data: { keys: { totalCount: 0 } } } }) });
    await request(KeysQuery, { first: 20, after: null });
    const [call] = api.calls;
    expect(api.fetchMock.mock.calls[0][0]).toBe('/graphql');
    expect(call.init.method).toBe('POST');
    expect(call.init.credentials).toBe('same-origin');
    expect(call.headers['x-csrf-token']).toBe('abc123');
    expect(call.variables).toEqual({ first: 20, after: null });
  });

  it('does not send the CSRF header with signIn', async () => {
    document.cookie = 'importops_csrf=abc123';
    const api = mockGraphQL({ SignIn: () => gqlError('UNAUTHENTICATED', 'Email or password is incorrect', {}, 401) });
    const signedOut = vi.fn();
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    await expect(request(SignInMutation, { email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Email or password is incorrect',
      status: 401,
    });
    expect(api.calls[0].headers['x-csrf-token']).toBeUndefined();
    expect(signedOut).not.toHaveBeenCalled();
    window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  });

  it('carries the code and field of the first error, whatever the HTTP status', async () => {
    mockGraphQL({ Keys: () => gqlError('BAD_USER_INPUT', 'first must be between 1 and 100', { field: 'first' }, 200) });
    const err = await request(KeysQuery, { first: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', status: 200 });

    mockGraphQL({ Keys: () => gqlError('RATE_LIMITED', 'Slow down', {}, 429) });
    await expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'RATE_LIMITED', message: 'Slow down', status: 429 });
  });

  it('explains answers that are not GraphQL', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/HTTP 502|went wrong/) });
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn(async () => new Response('oops', { status: 503 })));
    const settled = expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.runAllTimersAsync();
    await settled;
  });

  it('reports a network failure after retrying a query', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')));
    vi.stubGlobal('fetch', fetchMock);
    const settled = expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/connection/) });
    await vi.runAllTimersAsync();
    await settled;
    expect(fetchMock).toHaveBeenCalledTimes(RETRY_DELAYS_MS.length + 1);
  });
});

describe('never stuck', () => {
  it('gives up on a query that never answers, retries it, and succeeds when the server answers', async () => {
    vi.useFakeTimers();
    let n = 0;
    const fetchMock = vi.fn((url: unknown, init?: RequestInit) => (++n < 3 ? hang(url, init) : Promise.resolve(new Response(JSON.stringify(keys().body)))));
    vi.stubGlobal('fetch', fetchMock);
    const result = request(KeysQuery, { first: 1 });
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0] + TIMEOUT_MS + RETRY_DELAYS_MS[1]);
    await expect(result).resolves.toMatchObject({ keys: { totalCount: 0 } });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('never retries a mutation that timed out, and says its outcome is unknown', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(hang);
    vi.stubGlobal('fetch', fetchMock);
    const result = request(RevokeApiKeyMutation, { id: 'k1' }).catch((e: ApiError) => e);
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    const err = (await result) as ApiError;
    expect(err).toMatchObject({ code: 'TIMEOUT', outcomeUnknown: true, message: expect.stringMatching(/cannot tell whether this was done/) });
    await vi.runAllTimersAsync();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('stops at once when the caller cancels', async () => {
    const fetchMock = vi.fn(hang);
    vi.stubGlobal('fetch', fetchMock);
    const controller = new AbortController();
    const result = request(KeysQuery, { first: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'ABORTED' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect((fetchMock.mock.calls[0][1] as RequestInit).signal?.aborted).toBe(true);
  });

  it('waits out a short Retry-After on a query', async () => {
    vi.useFakeTimers();
    let n = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        ++n === 1
          ? new Response(JSON.stringify(gqlError('RATE_LIMITED', 'Slow down').body), { status: 429, headers: { 'Retry-After': '2' } })
          : new Response(JSON.stringify(keys().body)),
      ),
    );
    const result = request(KeysQuery, { first: 1 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ keys: { totalCount: 0 } });
  });
});

describe('session ended mid-use', () => {
  it('without an in-place sign-in, tells the app the session is gone', async () => {
    mockGraphQL({ Keys: () => gqlError('UNAUTHENTICATED', 'Sign in first', {}, 401) });
    const signedOut = vi.fn();
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    await expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(signedOut).toHaveBeenCalledTimes(1);
    window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  });

  it('runs a query again after signing in, with the new CSRF token, once for concurrent requests', async () => {
    document.cookie = 'importops_csrf=old';
    let signedIn = false;
    const api = mockGraphQL({ Keys: () => (signedIn ? keys() : gqlError('UNAUTHENTICATED', 'Sign in first', {}, 401)) });
    const dialog = vi.fn(async () => {
      document.cookie = 'importops_csrf=new';
      signedIn = true;
    });
    setSignInAgain(dialog);
    const [a, b] = await Promise.all([request(KeysQuery, { first: 1 }), request(KeysQuery, { first: 2 })]);
    expect(a.keys.totalCount).toBe(0);
    expect(b.keys.totalCount).toBe(0);
    expect(dialog).toHaveBeenCalledTimes(1);
    expect(api.calls.map((c) => c.headers['x-csrf-token'])).toEqual(['old', 'old', 'new', 'new']);
  });

  it('does not re-run a mutation after signing in: it says it was not done', async () => {
    let signedIn = false;
    const api = mockGraphQL({ RevokeApiKey: () => (signedIn ? data({}) : gqlError('UNAUTHENTICATED', 'Sign in first', {}, 401)) });
    setSignInAgain(async () => {
      signedIn = true;
    });
    await expect(request(RevokeApiKeyMutation, { id: 'k1' })).rejects.toMatchObject({
      code: 'SESSION_ENDED',
      message: expect.stringMatching(/not done/),
    });
    expect(api.callsOf('RevokeApiKey')).toHaveLength(1);
  });

  it('gives the original error when the user leaves instead of signing in', async () => {
    mockGraphQL({ Keys: () => gqlError('UNAUTHENTICATED', 'Sign in first', {}, 401) });
    setSignInAgain(() => Promise.reject(new Error('left')));
    await expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Sign in first' });
  });
});
