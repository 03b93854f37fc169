// One HTTP exchange, with every part of it bounded: the response body is read inside the attempt (so
// its timeout and the caller's abort cover it), only as far as it is needed, and redirects are never
// followed. Retries are retry.ts's business; neither module knows about the generated clients' runtime.
import { RestError } from './errors.js';
import type { OperationOptions } from './operation-options.js';
import type { PipelineRequest } from './pipeline.js';

/** A request as the sender gets it: what policies see, plus what only the sender needs. */
export interface Outgoing extends PipelineRequest {
  /** The JWT audience: the service URL (before any reverse-proxy rewrite) as the service signs it. */
  audience: string;
  /** The operation returns data, so a success body is read; otherwise only its status counts. */
  readsData?: boolean;
  /** The caller's per-call options. */
  call?: OperationOptions;
}

/** What one exchange sends. */
type Exchange = Pick<PipelineRequest, 'method' | 'url' | 'headers' | 'body'>;

/**
 * The largest success body read: a list page (at most 200 members, far below this), a token or a key.
 * Anything larger is refused rather than buffered, so a broken or hostile answer cannot exhaust memory.
 */
export const MAX_DATA_BYTES = 4 * 1024 * 1024;
/** Error bodies are cut here: the start carries the ErrorDetail or the message text. */
export const MAX_ERROR_BYTES = 64 * 1024;

const ignore = () => {};

/** The request id the service (or a gateway) gave the answer. */
export const requestIdOf = (headers: Headers) =>
  headers.get('x-ms-request-id') ?? headers.get('x-request-id') ?? undefined;

/** `METHOD url` without the query, for messages (queries may carry ids, never secrets, but are long). */
export const label = ({ method, url }: Pick<PipelineRequest, 'method' | 'url'>) =>
  `${method} ${url.split('?')[0]}`;

/**
 * Sends `request` once. A redirect is refused, never followed: fetch would re-send the body (307/308)
 * to wherever it points, and a token signed for one URL is no use at another anyway.
 */
export async function exchange(
  fetch: (input: string, init: RequestInit) => Promise<Response>,
  request: Exchange,
  signal: AbortSignal,
): Promise<Response> {
  const { method, headers, body, url } = request;
  const response = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
  const { status } = response;
  // Browsers hide a redirect behind an opaque response with status 0.
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    response.body?.cancel().catch(ignore);
    const location = response.headers.get('location');
    let target = '';
    try {
      if (location) target = ` to ${new URL(location, url).origin}`;
    } catch {}
    throw new RestError(
      `${label(request)} was redirected${target} (${status}); not followed, so no body or credential leaves the endpoint`,
      { statusCode: status || undefined, requestId: requestIdOf(response.headers) },
    );
  }
  return response;
}

/**
 * The response with its body read into memory, as far as it is needed: none of a success that returns
 * no data (an empty body is left unread, any other is cancelled), up to {@link MAX_DATA_BYTES} of one
 * that does (more is an error), and the first {@link MAX_ERROR_BYTES} of an error. A failed or
 * timed-out read of an error body keeps what arrived: the status is the answer. `signal` ends the read
 * at once, whatever the fetch implementation does.
 */
export async function readBounded(
  response: Response,
  request: Outgoing,
  signal: AbortSignal,
): Promise<Response> {
  const { ok, body } = response;
  if (!body || (ok && !request.readsData)) {
    // An empty body (a send's 202) stays as it is: nothing is left to read, while a cancel aborts the
    // whole fetch (undici builds a DOMException for it) and a fresh Response copies every header.
    if (!body || response.headers.get('content-length') === '0') return response;
    body.cancel().catch(ignore);
    return new Response(null, response);
  }
  const limit = ok ? MAX_DATA_BYTES : MAX_ERROR_BYTES;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  const stop = () => reader.cancel().catch(ignore);
  signal.addEventListener('abort', stop);
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      chunks.push(chunk.value);
      size += chunk.value.length;
      if (size > limit) {
        stop();
        if (ok) {
          throw new RestError(
            `${label(request)} answered more than ${limit} bytes, the most read for an operation's result`,
            {
              code: RestError.PARSE_ERROR,
              statusCode: response.status,
              requestId: requestIdOf(response.headers),
            },
          );
        }
        break;
      }
    }
  } catch (error) {
    if (ok) throw error;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  // A cancelled read ends quietly; the abort still decides the outcome of a success.
  if (ok) signal.throwIfAborted();
  return new Response(new Blob(chunks as BlobPart[]).slice(0, limit), response);
}
