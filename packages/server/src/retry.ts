// Sends a request with retries: exponential backoff with jitter, Retry-After honoured, a timeout per
// attempt that covers the whole exchange (body included, see attempt.ts), and the caller's abort ending
// the call at once in any phase, always with the abort reason.
//
// Which failures are retried. A send (POST) is repeated only when the service certainly did not
// process it, so a retry can never deliver a message twice:
// - every method: 408, 429, 503 (the service refused the request before handling it) and a connection
//   that was never established (refused, DNS failure, unreachable host, connect timeout, failed TLS
//   handshake);
// - idempotent operations only: 500, 502, 504, a connection reset or closed after the request went
//   out (also while the response body was read), and an attempt timeout. For a send these are ambiguous: the service (or the backend behind a
//   gateway) may have delivered the message before the failure, and fetch cannot tell whether the
//   body had been read, so the send fails with a RestError and the caller decides.
// Idempotent are GET, HEAD, PUT, DELETE and the POST actions that set state rather than deliver a
// message (:addToGroups, :removeFromGroups, :closeConnections, :generateToken). A SignalR client
// invocation (:invoke) is a send whose 408 may mean the client got it and did not answer in time, so
// it is never repeated after a 408.

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

/**
 * Default attempt timeout. Web PubSub and SignalR answer a REST call in milliseconds and take bodies of
 * at most 1 MB, so 30 s still carries a full-size send over a slow (~300 kbit/s) uplink, while a dead
 * peer or blackholed route no longer holds a call for Node's 300 s. A generic SDK picks longer (the
 * Azure .NET SDK: 100 s, sized for storage transfers); a realtime SDK shorter (Ably: 10 s, too tight
 * for a 1 MB body on a poor link).
 */
export const DEFAULT_TIMEOUT_IN_MS = 30_000;

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
/**
 * TLS handshake failures (Node's codes): certificate checks, protocol and cipher mismatches, a peer
 * that is not TLS. The request is written only after the handshake, so nothing was sent. TLS errors
 * that can also happen later (bad record MAC, decryption, unexpected EOF) are left out on purpose.
 */
const TLS_HANDSHAKE =
  /CERT|^UNABLE_TO_|^ERR_SSL_\w*(VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS|HANDSHAKE_FAILURE|UNKNOWN_CA|CIPHER|UNRECOGNIZED_NAME|PACKET_LENGTH|TOO_SMALL|TOO_WEAK)/;
/** Node's error when the peer closes the socket before the TLS handshake completes. */
const CLOSED_IN_HANDSHAKE = /before secure TLS connection/;

export function checkNonNegative(value: unknown, name: string, fallback: number): number {
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
    timeoutInMs: checkNonNegative(timeoutInMs, 'timeoutInMs', DEFAULT_TIMEOUT_IN_MS),
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
 * "may have been sent", and so does a reset answering the TLS ClientHello: Node reports it exactly
 * like a reset after the request.
 */
export function neverConnected(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, cause, errors, message } = error as {
    code?: unknown;
    cause?: unknown;
    errors?: unknown;
    message?: unknown;
  };
  if (
    typeof code === 'string' &&
    (NEVER_CONNECTED.has(code) ||
      TLS_HANDSHAKE.test(code) ||
      (code === 'ECONNRESET' && CLOSED_IN_HANDSHAKE.test(String(message))))
  ) {
    return true;
  }
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.every((inner) => neverConnected(inner, depth + 1));
  }
  return neverConnected(cause, depth + 1);
}

/**
 * Whether fetch itself refused the request before sending it: a port it blocks (undici: "bad port";
 * Deno: "Requests to port … are blocked") or content it blocks (mixed content): the message that says
 * so, or undefined. Nothing left, and the same request would be refused again.
 */
export function refusedByFetch(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { message, cause } = e as { message?: unknown; cause?: unknown };
    if (/\bbad port\b|\bblocked\b/i.test(String(message))) return String(message);
    e = cause;
  }
  return undefined;
}

/** ` (CODE)` of the innermost socket error, for a readable message. */
export function codeOf(error: unknown): string {
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
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const capped = Math.min(policy.retryDelayInMs * 2 ** attempt, policy.maxRetryDelayInMs);
  return capped / 2 + Math.random() * (capped / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
