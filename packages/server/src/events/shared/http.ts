// Small HTTP helpers shared by the event handlers: plain-text answers, the path of a request URL, and
// the "not for this handler" outcome that `fetch` turns into an answer and the Node middleware into
// `next()`.

/** Reads one request header (case-insensitive), or null when absent. */
export type HeaderLookup = (name: string) => string | null;

/** Why a request is not this handler's: `fetch` answers with it, the middleware passes it on. */
export interface NotOwned {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const TEXT = 'text/plain; charset=utf-8';

/** A plain-text answer (for errors: the message names the problem, never a secret). */
export function textResponse(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Response {
  return new Response(message, { status, headers: { 'content-type': TEXT, ...headers } });
}

export function notOwnedResponse(outcome: NotOwned): Response {
  return textResponse(outcome.status, outcome.message, outcome.headers);
}

/** The path of an absolute or origin-relative URL, without query or fragment; no URL object needed. */
export function pathOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme !== -1) {
    start = url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query !== -1) end = query;
  const hash = url.indexOf('#', start);
  if (hash !== -1 && hash < end) end = hash;
  return end > start ? url.slice(start, end) : '/';
}

/**
 * Normalizes a handler path as `@azure/web-pubsub-express` does: lower case, with a trailing slash,
 * so `/api/hub` owns `/api/hub`, `/API/Hub/` and `/api/hub/anything`.
 */
export function normalizePath(path: string): string {
  const lower = path.toLowerCase();
  return lower.endsWith('/') ? lower : `${lower}/`;
}

export function isUnderPath(requestPath: string, normalizedPath: string): boolean {
  return normalizePath(requestPath).startsWith(normalizedPath);
}

/** The media type of a Content-Type value, lower case, without parameters. */
export function mediaTypeOf(contentType: string | null): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
