import { describe, expect, it, vi } from 'vitest';
import { ApiError, request, SIGNED_OUT_EVENT } from './api';
import { KeysQuery, SignInMutation } from '../operations';
import { gqlError, mockGraphQL } from '../../test/graphql';

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
    vi.stubGlobal('fetch', vi.fn(async () => new Response('oops', { status: 503 })));
    await expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('reports a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request(KeysQuery, { first: 1 })).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringMatching(/reach ImportOps/) });
  });
});
