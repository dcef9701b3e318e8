import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { safeNext } from './lib/router';
import { RETRY_DELAYS_MS } from './lib/api';
import { data, gqlError, keysPage, makeKey, makeViewer, mockGraphQL } from '../test/graphql';

function at(path: string) {
  window.history.replaceState(null, '', path);
}
const here = () => window.location.pathname + window.location.search;

beforeEach(() => at('/'));
afterEach(() => vi.useRealTimers());

describe('signing in', () => {
  it('sends a signed-out visitor to sign in, then back where they were going', async () => {
    let signedIn = false;
    const api = mockGraphQL({
      Viewer: () => data({ viewer: signedIn ? makeViewer() : null }),
      SignIn: ({ email, password }) => {
        if (email !== 'ada@acme.test' || password !== 'right') return gqlError('UNAUTHENTICATED', 'Wrong email or password', {}, 401);
        signedIn = true;
        document.cookie = 'importops_csrf=tok%2Ben';
        return data({ signIn: makeViewer() });
      },
      AuditLog: () =>
        data({
          auditLog: {
            totalCount: 1,
            pageInfo: { hasNextPage: false, endCursor: 'c1' },
            edges: [
              {
                cursor: 'c1',
                node: { id: 'a1', action: 'api_key.created', actorName: 'Ada Admin', bySupport: false, detail: null, createdAt: new Date().toISOString(), apiKey: { id: 'k1', name: 'ERP', prefix: 'iops_1234567' } },
              },
            ],
          },
        }),
    });
    const user = userEvent.setup();
    at('/settings/audit-log');
    render(<App />);

    expect(await screen.findByRole('heading', { name: 'Sign in to ImportOps' })).toBeInTheDocument();
    expect(here()).toBe('/sign-in?next=%2Fsettings%2Faudit-log');

    await user.type(screen.getByLabelText('Email'), 'ada@acme.test');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    expect(here()).toMatch(/^\/sign-in/);

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Audit log', level: 1 })).toBeInTheDocument();
    expect(here()).toBe('/settings/audit-log');

    const row = (await screen.findByText('ERP')).closest('li')!;
    expect(row).toHaveTextContent('by Ada Admin');
    expect(within(row).getByText('Created key')).toBeInTheDocument();

    // signIn goes without the CSRF header; every other request carries the cookie's value.
    for (const call of api.calls) {
      expect(call.init.credentials).toBe('same-origin');
      expect(call.headers['content-type']).toBe('application/json');
    }
    expect(api.callsOf('SignIn')[0].headers['x-csrf-token']).toBeUndefined();
    expect(api.callsOf('AuditLog')[0].headers['x-csrf-token']).toBe('tok+en');
  });

  it('only returns to paths on this site', () => {
    expect(safeNext('/settings/audit-log')).toBe('/settings/audit-log');
    expect(safeNext('/settings/audit-log?x=1')).toBe('/settings/audit-log?x=1');
    expect(safeNext('//evil.test/x')).toBe('/settings/api-keys');
    expect(safeNext('/\\evil.test')).toBe('/settings/api-keys');
    expect(safeNext('https://evil.test/')).toBe('/settings/api-keys');
    expect(safeNext('javascript:alert(1)')).toBe('/settings/api-keys');
    expect(safeNext(null)).toBe('/settings/api-keys');
    expect(safeNext('/sign-in')).toBe('/settings/api-keys');
  });

  it('ignores a foreign next after signing in', async () => {
    mockGraphQL({
      Viewer: () => data({ viewer: null }),
      SignIn: () => data({ signIn: makeViewer() }),
      Keys: () => data(keysPage([])), KeyPolicy: () => data({ viewer: { organization: { id: 'o1', maxKeyLifetimeDays: null } } }),
    });
    const user = userEvent.setup();
    at('/sign-in?next=//evil.test/');
    render(<App />);
    await user.type(await screen.findByLabelText('Email'), 'ada@acme.test');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'API keys', level: 1 })).toBeInTheDocument();
    expect(here()).toBe('/settings/api-keys');
  });
});

describe('the settings layout', () => {
  it('redirects / to API keys and shows the organisation, the user and the navigation', async () => {
    mockGraphQL({ Viewer: () => data({ viewer: makeViewer() }), Keys: () => data(keysPage([makeKey({ name: 'ERP' })])), KeyPolicy: () => data({ viewer: { organization: { id: 'o1', maxKeyLifetimeDays: null } } }) });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'API keys', level: 1 })).toBeInTheDocument();
    expect(here()).toBe('/settings/api-keys');
    expect(screen.getByText('Acme Imports')).toBeInTheDocument();
    expect(screen.getByText('Ada Admin')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Settings' });
    expect(within(nav).getByRole('link', { name: 'API keys' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Audit log' })).not.toHaveAttribute('aria-current');
    await screen.findByText('ERP');
    expect(document.title).toBe('API keys · ImportOps');
  });

  it('signs out and goes to sign-in', async () => {
    const api = mockGraphQL({
      Viewer: () => data({ viewer: makeViewer({ role: 'MEMBER' }) }),
      SignOut: () => data({ signOut: true }),
    });
    const user = userEvent.setup();
    at('/settings/api-keys');
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to ImportOps' })).toBeInTheDocument();
    expect(here()).toBe('/sign-in');
    expect(api.callsOf('SignOut')).toHaveLength(1);
  });

  it('asks to sign in again in place when the session ends mid-way, then carries on', async () => {
    let session = false;
    const api = mockGraphQL({
      Viewer: () => data({ viewer: makeViewer() }),
      Keys: () => (session ? data(keysPage([makeKey({ name: 'ERP sync' })])) : gqlError('UNAUTHENTICATED', 'Sign in to continue', {}, 401)),
      SignIn: ({ email, password }) => {
        if (password !== 'right') return gqlError('UNAUTHENTICATED', 'Email or password is incorrect', {}, 401);
        session = true;
        document.cookie = 'importops_csrf=fresh';
        expect(email).toBe('ada@acme.test');
        return data({ signIn: makeViewer() });
      },
    });
    const user = userEvent.setup();
    at('/settings/api-keys');
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    expect(here()).toBe('/settings/api-keys');
    expect(screen.getByRole('heading', { name: 'API keys' })).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Email')).toHaveValue('ada@acme.test');
    await user.type(within(dialog).getByLabelText('Password'), 'wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Email or password is incorrect');
    await user.clear(within(dialog).getByLabelText('Password'));
    await user.type(within(dialog).getByLabelText('Password'), 'right');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('ERP sync')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(here()).toBe('/settings/api-keys');
    expect(api.callsOf('Keys').at(-1)?.headers['x-csrf-token']).toBe('fresh');
  });

  it('goes to the sign-in page when the user leaves the sign-in dialog', async () => {
    mockGraphQL({
      Viewer: () => data({ viewer: makeViewer() }),
      Keys: () => gqlError('UNAUTHENTICATED', 'Sign in to continue', {}, 401),
    });
    const user = userEvent.setup();
    at('/settings/api-keys');
    render(<App />);
    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    await user.click(within(dialog).getByRole('button', { name: 'Go to the sign-in page' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to ImportOps' })).toBeInTheDocument();
    expect(here()).toBe('/sign-in?next=%2Fsettings%2Fapi-keys');
  });

  it('tells a member the audit log is for admins', async () => {
    const api = mockGraphQL({ Viewer: () => data({ viewer: makeViewer({ role: 'MEMBER' }) }) });
    at('/settings/audit-log');
    render(<App />);
    expect(await screen.findByText('Only admins can view the audit log.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(api.callsOf('AuditLog')).toHaveLength(0);
  });

  it('shows Page not found for unknown paths, with a way back', async () => {
    mockGraphQL({ Viewer: () => data({ viewer: makeViewer() }), Keys: () => data(keysPage([])), KeyPolicy: () => data({ viewer: { organization: { id: 'o1', maxKeyLifetimeDays: null } } }) });
    const user = userEvent.setup();
    at('/settings/nope');
    render(<App />);
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Back to settings' }));
    expect(await screen.findByRole('heading', { name: 'API keys', level: 1 })).toBeInTheDocument();
    await screen.findByText(/No active keys/);
  });

  it('opens a key’s details from its link, with API keys still current in the navigation', async () => {
    const key = makeKey({ id: '42', name: 'ERP' });
    const api = mockGraphQL({
      Viewer: () => data({ viewer: makeViewer() }),
      Keys: () => data(keysPage([key])),
      KeyPolicy: () => data({ viewer: { organization: { id: 'o1', maxKeyLifetimeDays: null } } }),
      Key: () => data({ key: { ...key, allowedIps: [], lastUsedIp: null, lastUsedUserAgent: null, usage: [] } }),
      KeyAudit: () => data({ auditLog: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } }),
    });
    const user = userEvent.setup();
    at('/settings/api-keys');
    render(<App />);
    await user.click(await screen.findByRole('link', { name: 'ERP' }));
    expect(await screen.findByRole('heading', { name: 'ERP', level: 1 })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/settings/api-keys/42');
    expect(api.callsOf('Key')[0].variables).toEqual({ id: '42' });
    expect(screen.getByRole('navigation', { name: 'Settings' }).querySelector('[aria-current="page"]')).toHaveTextContent('API keys');
    expect(document.title).toMatch(/ERP/);
  });

  it('shows Page not found below a key’s address', () => {
    mockGraphQL({ Viewer: () => data({ viewer: makeViewer() }) });
    at('/settings/api-keys/42/more');
    render(<App />);
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });

  it('offers to try again when the server cannot be reached', async () => {
    // The boot query is retried (see lib/api) before the page gives up.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let up = false;
    const api = mockGraphQL({
      Viewer: () => (up ? data({ viewer: null }) : gqlError('UNAVAILABLE', 'The database is unreachable', {}, 503)),
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    at('/settings/api-keys');
    render(<App />);
    await act(() => vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS.reduce((a, b) => a + b)));
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unreachable');
    expect(api.callsOf('Viewer')).toHaveLength(RETRY_DELAYS_MS.length + 1);
    up = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to ImportOps' })).toBeInTheDocument();
  });

  it('follows the browser back button', async () => {
    mockGraphQL({
      Viewer: () => data({ viewer: makeViewer() }),
      Keys: () => data(keysPage([])), KeyPolicy: () => data({ viewer: { organization: { id: 'o1', maxKeyLifetimeDays: null } } }),
      AuditLog: () => data({ auditLog: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } }),
    });
    const user = userEvent.setup();
    at('/settings/api-keys');
    render(<App />);
    await screen.findByText(/No active keys/);
    await user.click(screen.getByRole('link', { name: 'Audit log' }));
    expect(await screen.findByText(/Nothing here yet/)).toBeInTheDocument();
    await act(async () => {
      window.history.back();
      await new Promise((r) => window.addEventListener('popstate', r, { once: true }));
    });
    expect(await screen.findByRole('heading', { name: 'API keys', level: 1 })).toBeInTheDocument();
    await screen.findByText(/No active keys/);
  });
});
