// What errors, logs and hooks may show of a request and its answer. Authorization is never part of what
// they see (the sender adds it to a per-attempt copy of the headers); the values of headers that may hold
// credentials (an API-management key in a custom header) read REDACTED; JWTs and the request's own token
// are cut from any text the service echoes.
import type { FullOperationResponse, RequestSummary } from './operation-options.js';

/**
 * Headers whose values may be credentials (Authorization, cookies, API-management keys, signatures):
 * their values read REDACTED unless the client allows the name (`additionalAllowedHeaderNames`).
 */
const SECRET_HEADER = /auth|cookie|key|secret|token|signature|password|credential/i;

export const REDACTED = 'REDACTED';

/** A copy of `headers` without Authorization, and with the values of secret-looking names replaced. */
export function sanitizeHeaders(headers: Headers, allowed: Set<string>): Headers {
  const copy = new Headers();
  for (const [name, value] of headers) {
    if (name !== 'authorization') {
      copy.append(name, SECRET_HEADER.test(name) && !allowed.has(name) ? REDACTED : value);
    }
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
