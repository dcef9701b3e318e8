import { vi } from 'vitest';
import type { ApiKey, Viewer } from '../src/types';

// A fake /graphql for component tests: fetch is replaced (our own modules
// are not), answers come from per-operation handlers, and every call is
// recorded with its variables and headers.

export type Reply = { status?: number; body: unknown };
export type Handler = (variables: Record<string, unknown>) => Reply | Promise<Reply>;
export type Call = { operationName: string; variables: Record<string, unknown>; headers: Record<string, string>; init: RequestInit };

export const data = (d: unknown): Reply => ({ body: { data: d } });
export const gqlError = (code: string, message: string, extra: Record<string, unknown> = {}, status = 200): Reply => ({
  status,
  body: { data: null, errors: [{ message, extensions: { code, ...extra } }] },
});

export function mockGraphQL(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
    if (String(url) !== '/graphql') throw new Error(`unexpected fetch to ${String(url)}`);
    const body = JSON.parse(String(init.body));
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    calls.push({ operationName: body.operationName, variables: body.variables, headers, init });
    const handler = handlers[body.operationName];
    if (!handler) throw new Error(`no mock for operation ${body.operationName}`);
    const reply = await handler(body.variables ?? {});
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, calls, callsOf: (name: string) => calls.filter((c) => c.operationName === name) };
}

const DAY = 24 * 60 * 60 * 1000;
export const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

let seq = 0;
export function makeKey(over: Partial<ApiKey> = {}): ApiKey {
  seq += 1;
  return {
    id: `key-${seq}`,
    name: `Key ${seq}`,
    prefix: `iops_abc${String(seq).padStart(4, '0')}`,
    scopes: ['vehicles.read'],
    status: 'ACTIVE',
    expiresAt: inDays(90),
    lastUsedAt: null,
    createdAt: inDays(-3),
    revokedAt: null,
    createdBy: { id: 'u1', name: 'Ada Admin' },
    revocationReason: null,
    revokedBy: null,
    ...over,
  };
}

export function makeViewer({ role = 'ADMIN', apiAccess = true }: { role?: 'ADMIN' | 'MEMBER'; apiAccess?: boolean } = {}): Viewer {
  return {
    role,
    user: { id: 'u1', name: role === 'ADMIN' ? 'Ada Admin' : 'Max Member', email: 'ada@acme.test' },
    organization: { id: 'o1', name: 'Acme Imports', slug: 'acme', plan: apiAccess ? 'PRO' : 'CORE', apiAccess },
  };
}

export function keysPage(keys: ApiKey[], { hasNextPage = false, totalCount = keys.length, counts = { active: keys.length, revoked: 0, expired: 0 } } = {}) {
  return {
    active: { totalCount: counts.active },
    revoked: { totalCount: counts.revoked },
    expired: { totalCount: counts.expired },
    keys: {
      totalCount,
      pageInfo: { hasNextPage, endCursor: keys.length ? `cursor-${keys[keys.length - 1].id}` : null },
      edges: keys.map((k) => ({ cursor: `cursor-${k.id}`, node: k })),
    },
  };
}
