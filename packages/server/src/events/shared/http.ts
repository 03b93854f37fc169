// The small HTTP model the event handlers work on, so the same logic serves a web `Request` (`fetch`)
// and a Node request (`getMiddleware`) without building a web Request/Response per Node request (on
// Node 20 each costs tens of microseconds). Also: plain-text answers, the path of a request URL, and the
// "not for this handler" outcome that `fetch` turns into an answer and the middleware into `next()`.
import { readBody } from './body.js';

/** Reads one request header, named in lower case, or null when absent. */
export type HeaderLookup = (name: string) => string | null;

/** An incoming request, whichever server received it. */
export interface EventRequest {
  method: string;
  header: HeaderLookup;
  /** Reads the whole body, refusing more than `maxBytes` (a BodyError with status 413). */
  body(maxBytes: number): Promise<Uint8Array>;
}

/** An answer, written back as a `Response` or to a Node response. */
export interface EventResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array | ArrayBuffer;
}

/** Why a request is not this handler's: `fetch` answers with it, the middleware passes it on. */
export type NotOwned = EventResponse;

const TEXT = 'text/plain; charset=utf-8';

/** A plain-text answer (for errors: the message names the problem, never a secret). */
export function text(
  status: number,
  message: string,
  headers?: Record<string, string>,
): EventResponse {
  return { status, headers: { 'content-type': TEXT, ...headers }, body: message };
}

export function json(
  status: number,
  value: unknown,
  headers?: Record<string, string>,
): EventResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export function empty(status: number, headers?: Record<string, string>): EventResponse {
  return headers === undefined ? { status } : { status, headers };
}

export function fromRequest(request: Request): EventRequest {
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    body: (maxBytes) => readBody(request, maxBytes),
  };
}

export function toResponse({ status, headers, body }: EventResponse): Response {
  // A 204 or 304 must not have a body, not even an empty one.
  const content =
    status === 204 || status === 304 ? null : ((body as BodyInit | undefined) ?? null);
  return new Response(content, { status, headers });
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
