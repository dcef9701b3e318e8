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
  | 'NETWORK'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'SESSION_ENDED';

type GraphQLErrorBody = {
  message?: string;
  extensions?: { code?: string; field?: string; requestId?: string };
};

export class ApiError extends Error {
  readonly code: ErrorCode | string;
  /** For BAD_USER_INPUT: the input field the message is about ("name", "expiresAt", "scopes"). */
  readonly field?: string;
  readonly status: number;
  /** A mutation that may or may not have been applied (it timed out, or the
   * connection dropped after it was sent): the page should offer to check. */
  readonly outcomeUnknown: boolean;
  /** From a 429's Retry-After header. */
  retryAfterMs?: number;

  constructor(message: string, code: ErrorCode | string, status: number, field?: string, outcomeUnknown = false) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.outcomeUnknown = outcomeUnknown;
  }
}

export const CSRF_COOKIE = 'importops_csrf';

/** Fired on window when a request finds the session gone (code
 * UNAUTHENTICATED) and nobody can sign in again in place (see
 * setSignInAgain): the app then sends the user to the sign-in page. */
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

/** How long one attempt may take before it is given up (the server stops
 * any request at 10 s, so 15 s means the answer is not coming). */
export const TIMEOUT_MS = 15_000;
/** Waits before the 2nd and 3rd attempt of a query. */
export const RETRY_DELAYS_MS = [1_000, 3_000];
/** A Retry-After longer than this is reported, not waited for. */
const MAX_RETRY_AFTER_MS = 10_000;

export type RequestOptions = {
  /** Cancels the request (a dialog closed while it runs): it rejects with code ABORTED. */
  signal?: AbortSignal;
  timeoutMs?: number;
};

/**
 * Signing in again in place. The app registers a function that shows a
 * sign-in dialog and resolves once the user has signed in (rejects if they
 * leave instead); requests that find the session gone wait for it.
 */
type SignInAgain = () => Promise<void>;
let signInAgain: SignInAgain | undefined;
let signingIn: Promise<void> | undefined;

export function setSignInAgain(fn: SignInAgain | undefined): void {
  signInAgain = fn;
}

/** One dialog for every request that found the session gone at once. */
function waitForSignIn(fn: SignInAgain): Promise<void> {
  signingIn ??= fn().finally(() => {
    signingIn = undefined;
  });
  return signingIn;
}

/**
 * POSTs one operation to /graphql (same origin, with the session cookie) and
 * returns its data, or throws an ApiError carrying the first error's code.
 * Every operation except signIn sends X-CSRF-Token = the importops_csrf cookie.
 *
 * Never stuck: each attempt times out after TIMEOUT_MS. Queries are retried
 * (network failure, timeout, 503, 429 with a short Retry-After) with growing
 * waits; mutations are not, since a retry could apply them twice: a mutation
 * that timed out says its outcome is unknown. When the session has ended,
 * the request waits for the user to sign in again in place; a query then
 * runs again, a mutation (which the server refused, so nothing changed)
 * rejects with SESSION_ENDED so the page can say so and let the user retry.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables, options = {}]: TVariables extends Record<string, never>
    ? [] | [TVariables] | [TVariables | undefined, RequestOptions]
    : [TVariables] | [TVariables, RequestOptions]
): Promise<TResult> {
  const query = document.toString();
  const op: Operation = { query, name: operationName(query), variables: variables ?? {}, mutation: /^\s*mutation\b/.test(query) };
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<TResult>(op, options);
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'UNAUTHENTICATED' && op.name !== 'SignIn') {
        await afterSignIn(err, op);
        continue;
      }
      const wait = retryDelay(err, op, attempt);
      if (wait === undefined) throw err;
      await sleep(wait, options.signal);
    }
  }
}

type Operation = { query: string; name?: string; variables: unknown; mutation: boolean };

/** Waits for the user to sign in again, or hands the session's end to the app. */
async function afterSignIn(err: ApiError, op: Operation): Promise<void> {
  if (!signInAgain) {
    window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    throw err;
  }
  try {
    await waitForSignIn(signInAgain);
  } catch {
    throw err;
  }
  if (op.mutation) {
    throw new ApiError(
      'Your session had ended, so this was not done. You are signed in again: try again.',
      'SESSION_ENDED',
      401,
    );
  }
}

/** How long to wait before trying again, or undefined to give up. */
function retryDelay(err: ApiError, op: Operation, attempt: number): number | undefined {
  if (op.mutation || attempt >= RETRY_DELAYS_MS.length) return undefined;
  if (err.code === 'NETWORK' || err.code === 'TIMEOUT' || err.code === 'UNAVAILABLE') return RETRY_DELAYS_MS[attempt];
  if (err.code === 'RATE_LIMITED' && err.retryAfterMs !== undefined && err.retryAfterMs <= MAX_RETRY_AFTER_MS) {
    return Math.max(err.retryAfterMs, RETRY_DELAYS_MS[attempt]);
  }
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const aborted = () => new ApiError('Cancelled.', 'ABORTED', 0);

function lostMessage(op: Operation, timedOut: boolean): string {
  const what = timedOut ? 'ImportOps did not answer in time' : 'The connection to ImportOps was lost';
  return op.mutation
    ? `${what}, so we cannot tell whether this was done. Check before trying again.`
    : `${what}. Check your connection and try again.`;
}

/** One attempt: POST, with its own timeout joined to the caller's signal. */
async function once<TResult>(op: Operation, { signal, timeoutMs = TIMEOUT_MS }: RequestOptions): Promise<TResult> {
  if (signal?.aborted) throw aborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await post(op, controller.signal);
    // The body can stall too: reading it stays under the same timeout.
    const body = await response.json().catch(() => undefined);
    if (controller.signal.aborted) throw new Error('aborted while reading the answer');
    return answer<TResult>(response, body);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (signal?.aborted) throw aborted();
    const code = timedOut ? 'TIMEOUT' : 'NETWORK';
    throw new ApiError(lostMessage(op, timedOut), code, 0, undefined, op.mutation);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function post(op: Operation, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  if (op.name !== 'SignIn') {
    // Read on every attempt: signing in again sets a new CSRF cookie.
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  return fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    signal,
    body: JSON.stringify({ query: op.query, operationName: op.name, variables: op.variables }),
  });
}

type Body<TResult> = { data?: TResult | null; errors?: GraphQLErrorBody[] } | undefined;

function answer<TResult>(response: Response, body: Body<TResult>): TResult {
  const first = body?.errors?.[0];
  if (!first && body?.data) return body.data;
  const code = first?.extensions?.code ?? (response.status === 429 ? 'RATE_LIMITED' : response.status === 503 ? 'UNAVAILABLE' : 'INTERNAL');
  const message =
    first?.message ||
    fallbackMessages[code] ||
    `ImportOps answered unexpectedly (HTTP ${response.status}). Try again in a moment.`;
  const error = new ApiError(message, code, response.status, first?.extensions?.field);
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (retryAfter > 0) error.retryAfterMs = retryAfter * 1000;
  throw error;
}
