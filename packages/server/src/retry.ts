// A fetch wrapper that retries transient failures with exponential backoff and jitter, honours
// Retry-After, applies a per-attempt timeout and stops at once when the caller aborts.
//
// Which failures are retried. A send (POST) is repeated only when the service certainly did not
// process it, so a retry can never deliver a message twice:
// - every method: 408, 429, 503 (the service refused the request before handling it) and a connection
//   that was never established (refused, DNS failure, unreachable host, connect timeout);
// - idempotent operations only: 500, 502, 504, a connection reset or closed after the request went
//   out, and an attempt timeout. For a send these are ambiguous: the service (or the backend behind a
//   gateway) may have delivered the message before the failure, and fetch cannot tell whether the
//   body had been read, so the send fails with a RestError and the caller decides.
// Idempotent are GET, HEAD, PUT, DELETE and the POST actions that set state rather than deliver a
// message (:addToGroups, :removeFromGroups, :closeConnections, :generateToken). A SignalR client
// invocation (:invoke) is a send whose 408 may mean the client got it and did not answer in time, so
// it is never repeated after a 408.
import { RestError } from './errors.js';

/** How failed requests are retried: exponential backoff with jitter, honouring `Retry-After`. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 turns retries off. */
  maxRetries?: number;
  /** Base delay of the exponential backoff. Default 800 ms. */
  retryDelayInMs?: number;
  /** Upper bound of any single delay, Retry-After included. Default 64 000 ms. */
  maxRetryDelayInMs?: number;
}

export interface RetryPolicy {
  maxRetries: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
  /** Per-attempt timeout; 0 means none. */
  timeoutInMs: number;
}

/** A `fetch`-compatible function, for example to route requests through a proxy or a test server. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Statuses that say the request was not processed: safe to repeat even for a send. */
const NOT_PROCESSED = new Set([408, 429, 503]);
/** Statuses after which the request may have been processed: repeated for idempotent methods only. */
const MAYBE_PROCESSED = new Set([500, 502, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** POST actions that set state (or mint a token): doing them twice leaves the same outcome. */
const IDEMPOTENT_ACTION = /\/:(addToGroups|removeFromGroups|closeConnections|generateToken)$/;
const CLIENT_INVOCATION = /\/:invoke$/;
/** Error codes (Node and undici) of connections that were never established, so nothing was sent. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function checkNonNegative(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number`);
  }
  return value;
}

export function resolveRetryPolicy(
  retry: RetryOptions | undefined,
  timeoutInMs: unknown,
): RetryPolicy {
  const maxRetries = checkNonNegative(retry?.maxRetries, 'retry.maxRetries', 3);
  if (!Number.isInteger(maxRetries)) throw new RangeError('retry.maxRetries must be an integer');
  return {
    maxRetries,
    retryDelayInMs: checkNonNegative(retry?.retryDelayInMs, 'retry.retryDelayInMs', 800),
    maxRetryDelayInMs: checkNonNegative(
      retry?.maxRetryDelayInMs,
      'retry.maxRetryDelayInMs',
      64_000,
    ),
    timeoutInMs: checkNonNegative(timeoutInMs, 'timeoutInMs', 0),
  };
}

/** Whether repeating the request cannot deliver anything twice. */
export function isIdempotent(method: string, url: string): boolean {
  if (IDEMPOTENT.has(method)) return true;
  return method === 'POST' && IDEMPOTENT_ACTION.test(new URL(url).pathname);
}

export function isRetriableStatus(
  status: number,
  idempotent: boolean,
  clientInvocation = false,
): boolean {
  if (status === 408 && clientInvocation) return false;
  return NOT_PROCESSED.has(status) || (MAYBE_PROCESSED.has(status) && idempotent);
}

/** Whether the request invokes a SignalR client method and waits for its result. */
export function isClientInvocation(method: string, url: string): boolean {
  return method === 'POST' && CLIENT_INVOCATION.test(new URL(url).pathname);
}

/**
 * Whether a fetch failure proves the request never left: fetch wraps the socket error in `cause`
 * (an AggregateError when several addresses were tried). Unknown shapes (other runtimes) count as
 * "may have been sent".
 */
export function neverConnected(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.every((inner) => neverConnected(inner, depth + 1));
  }
  return neverConnected(cause, depth + 1);
}

/** ` (CODE)` of the innermost socket error, for a readable message. */
function codeOf(error: unknown): string {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { code, cause } = e as { code?: unknown; cause?: unknown };
    if (cause === undefined) return typeof code === 'string' ? ` (${code})` : '';
    e = cause;
  }
  return '';
}

/** Delay asked for by the response: `retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After`. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number.parseFloat(headers.get(name) ?? '');
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (!retryAfter) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter)) return Number.parseFloat(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: a random delay in [d/2, d], d = min(base * 2^attempt, max). */
function backoffMs(policy: RetryPolicy, attempt: number): number {
  const capped = Math.min(policy.retryDelayInMs * 2 ** attempt, policy.maxRetryDelayInMs);
  return capped / 2 + Math.random() * (capped / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Wraps `fetch` for a raw client. `bodyOf` gives the request's original body (strings and buffers
 * can be sent again; the Request's own stream can only be read once). `rewrite` maps the signed URL to
 * the URL actually requested (reverse proxy).
 */
export function retryingFetch(
  fetch: FetchLike,
  policy: RetryPolicy,
  bodyOf: (request: Request) => BodyInit | null | undefined,
  rewrite?: (url: string) => string,
): FetchLike {
  const { maxRetries, timeoutInMs } = policy;
  return async (input, init) => {
    // hey-api always passes a finished Request; anything else is normalized to one.
    const request =
      input instanceof Request && init === undefined ? input : new Request(input, init);
    const { method, signal, headers } = request;
    const idempotent = isIdempotent(method, request.url);
    const invocation = isClientInvocation(method, request.url);
    const url = rewrite ? rewrite(request.url) : request.url;
    const body = bodyOf(request) ?? null;
    for (let retry = 0; ; retry++) {
      const last = retry >= maxRetries;
      let delay: number | undefined;
      // With a timeout, each attempt gets its own signal that also follows the caller's.
      const attempt = timeoutInMs > 0 ? new AbortController() : undefined;
      let timedOut = false;
      const onAbort = () => attempt?.abort(signal.reason);
      const timer =
        attempt &&
        setTimeout(() => {
          timedOut = true;
          attempt.abort();
        }, timeoutInMs);
      if (attempt) signal.addEventListener('abort', onAbort);
      try {
        const response = await fetch(url, {
          method,
          headers,
          body,
          signal: attempt ? attempt.signal : signal,
        });
        if (last || !isRetriableStatus(response.status, idempotent, invocation)) return response;
        delay = retryAfterMs(response.headers);
        // Free the connection before waiting.
        await response.body?.cancel().catch(() => {});
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const retriable = idempotent || (!timedOut && neverConnected(error));
        if (last || !retriable) {
          const reason = timedOut
            ? `timed out after ${timeoutInMs} ms`
            : `failed: ${error instanceof Error ? error.message : String(error)}${codeOf(error)}`;
          // Say why a send was not repeated, so the caller knows a retry may duplicate it.
          const note = last ? '' : '; not retried: the service may already have processed it';
          throw new RestError(`${method} ${url.split('?')[0]} ${reason}${note}`, {
            code: RestError.REQUEST_SEND_ERROR,
            cause: timedOut ? undefined : error,
          });
        }
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
      await sleep(Math.min(delay ?? backoffMs(policy, retry), policy.maxRetryDelayInMs), signal);
    }
  };
}
