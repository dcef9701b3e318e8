import type { TypedDocumentString } from '../gql/graphql';

/** The codes the server puts in errors[].extensions.code, plus NETWORK for
 * requests that never got a GraphQL answer. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'PLAN_REQUIRED'
  | 'CSRF'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'NETWORK';

type GraphQLErrorBody = {
  message?: string;
  extensions?: { code?: string; field?: string; requestId?: string };
};

export class ApiError extends Error {
  readonly code: ErrorCode | string;
  /** For BAD_USER_INPUT: the input field the message is about ("name", "expiresAt", "scopes"). */
  readonly field?: string;
  readonly status: number;

  constructor(message: string, code: ErrorCode | string, status: number, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

export const CSRF_COOKIE = 'importops_csrf';

/** Fired on window when a request finds the session gone (code
 * UNAUTHENTICATED): the app then sends the user to sign in. */
export const SIGNED_OUT_EVENT = 'importops:signed-out';

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

function operationName(query: string): string | undefined {
  return /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

const fallbackMessages: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  CSRF: 'Your session could not be verified. Reload the page and try again.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  UNAVAILABLE: 'ImportOps is temporarily unavailable. Try again in a moment.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
};

/**
 * POSTs one operation to /graphql (same origin, with the session cookie) and
 * returns its data, or throws an ApiError carrying the first error's code.
 * Every operation except signIn sends X-CSRF-Token = the importops_csrf cookie.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
): Promise<TResult> {
  const query = document.toString();
  const name = operationName(query);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  if (name !== 'SignIn') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }

  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ query, operationName: name, variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError("Couldn't reach ImportOps. Check your connection and try again.", 'NETWORK', 0);
  }

  let body: { data?: TResult | null; errors?: GraphQLErrorBody[] } | undefined;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }

  const first = body?.errors?.[0];
  if (first || !body?.data) {
    const code = first?.extensions?.code ?? (response.status === 429 ? 'RATE_LIMITED' : response.status === 503 ? 'UNAVAILABLE' : 'INTERNAL');
    const message =
      first?.message ||
      fallbackMessages[code] ||
      `ImportOps answered unexpectedly (HTTP ${response.status}). Try again in a moment.`;
    const error = new ApiError(message, code, response.status, first?.extensions?.field);
    if (code === 'UNAUTHENTICATED' && name !== 'SignIn') {
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    }
    throw error;
  }
  return body.data;
}
