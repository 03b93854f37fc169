// What errors, logs and hooks may show of a request and its answer. Authorization is never part of what
// they see (the sender adds it to a per-attempt copy of the headers); header values outside an
// allow-list read REDACTED (a custom header may carry an API-management key); JWTs and the request's own
// token are cut from any text the service echoes.
import type { FullOperationResponse, RequestSummary } from './operation-options.js';

/** Header names whose values are shown, as in @azure/core-rest-pipeline's log policy (abridged). */
const ALLOWED_HEADERS = [
  'accept',
  'cache-control',
  'content-length',
  'content-type',
  'date',
  'location',
  'request-id',
  'retry-after',
  'retry-after-ms',
  'traceparent',
  'user-agent',
  'x-ms-client-request-id',
  'x-ms-error-code',
  'x-ms-request-id',
  'x-ms-retry-after-ms',
  'x-ms-useragent',
];

export const REDACTED = 'REDACTED';

/** The allowed header names (lowercase) with the client's additional ones. */
export function allowedHeaders(additional: readonly string[] = []): Set<string> {
  return new Set([...ALLOWED_HEADERS, ...additional.map((name) => name.toLowerCase())]);
}

/** A copy of `headers` with the values of names outside `allowed` replaced. */
export function sanitizeHeaders(headers: Headers, allowed: Set<string>): Headers {
  const copy = new Headers();
  for (const [name, value] of headers) {
    if (name !== 'authorization') copy.append(name, allowed.has(name) ? value : REDACTED);
  }
  return copy;
}

/** `url` with the query values of names outside `allowed` (and api-version) replaced. */
export function sanitizeUrl(url: string, allowed: Set<string>): string {
  const parsed = new URL(url);
  for (const name of new Set(parsed.searchParams.keys())) {
    if (name !== 'api-version' && !allowed.has(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.href;
}

const JWT_PATTERN = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/**
 * Removes JWTs and `token` (the bearer token the request carried: Entra tokens need not be JWTs) from
 * service text. A very short token would match ordinary text; real ones are hundreds of characters.
 */
export function redactor(token: string | undefined): (text: string) => string {
  const bearer = token?.replace(/^Bearer\s+/i, '');
  return (text) => {
    const redacted = text.replace(JWT_PATTERN, '[redacted]');
    return bearer && bearer.length >= 16 ? redacted.replaceAll(bearer, '[redacted]') : redacted;
  };
}

/** The request of a call as errors and hooks show it. */
export function summarizeRequest(
  request: { url: string; method: string; headers: Headers; requestId?: string },
  allowed: Set<string>,
): RequestSummary {
  return {
    url: request.url,
    method: request.method,
    headers: sanitizeHeaders(request.headers, allowed),
    requestId: request.requestId ?? '',
  };
}

/** A response as errors and hooks show it, with its (redacted) text and parsed body. */
export function summarizeResponse(
  response: Response,
  request: RequestSummary,
  allowed: Set<string>,
  bodyAsText?: string,
  parsedBody?: unknown,
): FullOperationResponse {
  return {
    status: response.status,
    headers: sanitizeHeaders(response.headers, allowed),
    bodyAsText,
    parsedBody,
    request,
  };
}
