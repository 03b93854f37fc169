// `getMiddleware()`: serves an event handler from Express or a plain `node:http` server. It is typed
// by shape, not by import (this package has no `node:` imports), so it accepts Express's and Node's
// request and response objects alike. The handler's logic is the one `fetch` runs, on the small
// request/answer model of http.ts, so no web Request or Response is built per Node request. Requests
// the handler does not own go to `next()` (Express), or get the handler's own 404/405/400 answer when
// there is no `next` (node:http).
import { BodyError, concat, declaredTooLarge, tooLarge } from './body.js';
import type { EventRequest, EventResponse, HeaderLookup, NotOwned } from './http.js';
import { pathOf } from './http.js';

/** The parts of a Node `IncomingMessage` (or Express `Request`) the middleware reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  /** Stream events; used when present, as they cost less than async iteration. */
  on?(event: string, listener: (arg: unknown) => void): unknown;
  /** The HTTP method. */
  method?: string;
  /** The request target, relative to the mount point in Express. */
  url?: string;
  /** Express: the request target as received, before mounting stripped a prefix. */
  originalUrl?: string;
  /** Request headers, names in lower case (as Node gives them). */
  headers: Record<string, string | string[] | undefined>;
  /** True once the body stream was consumed (for example by a body parser that ran first). */
  readableEnded?: boolean;
  /** What a body parser that ran first left (bytes, a string or parsed JSON). */
  body?: unknown;
}

/** The parts of a Node `ServerResponse` (or Express `Response`) the middleware writes. */
export interface NodeResponseLike {
  /** Writes the status line and headers. */
  writeHead(statusCode: number, headers?: Record<string, string>): unknown;
  /** Writes the body and finishes the response. */
  end(body?: Uint8Array | string): unknown;
}

/** Express's `next`: called for requests the handler does not own, or with an error. */
export type NextFunction = (error?: unknown) => void;

/** A request handler for Express (`app.use(...)`) and `http.createServer(...)`. */
export type NodeMiddleware = (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: NextFunction,
) => Promise<void>;

/** What an event handler gives the adapter. */
export interface MiddlewareTarget {
  /** Undefined when the handler owns the request, else why not. */
  route(method: string, path: string, header: HeaderLookup): NotOwned | undefined;
  /** Serves an owned request (never rejects: failures are answers). */
  process(request: EventRequest): Promise<EventResponse>;
}

export function createNodeMiddleware(target: MiddlewareTarget): NodeMiddleware {
  return async (req, res, next) => {
    try {
      const method = req.method ?? 'GET';
      const header: HeaderLookup = (name) => nodeHeader(req.headers, name);
      const notOwned = target.route(method, pathOf(req.originalUrl ?? req.url ?? '/'), header);
      if (notOwned) {
        if (next) return next();
        return writeAnswer(res, notOwned);
      }
      writeAnswer(
        res,
        await target.process({ method, header, body: (maxBytes) => readNodeBody(req, maxBytes) }),
      );
    } catch (error) {
      // Only writing to a closed socket gets here; Express can log it, node:http has nowhere to.
      next?.(error);
    }
  };
}

/** Node gives header names in lower case, and every lookup here names one in lower case. */
function nodeHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(', ');
}

async function readNodeBody(req: NodeRequestLike, maxBytes: number): Promise<Uint8Array> {
  if (declaredTooLarge(nodeHeader(req.headers, 'content-length'), maxBytes))
    throw tooLarge(maxBytes);
  if (req.readableEnded) return parsedBody(req.body, maxBytes);
  const body = new BodyChunks(maxBytes);
  if (typeof req.on === 'function') return readByEvents(req as Required<NodeRequestLike>, body);
  try {
    for await (const chunk of req) body.add(chunk);
  } catch (error) {
    throw body.failure(error);
  }
  return body.bytes();
}

/** A body being read: its chunks, counted against the limit as they come. */
class BodyChunks {
  readonly #chunks: Uint8Array[] = [];
  #total = 0;

  constructor(readonly maxBytes: number) {}

  add(chunk: unknown): void {
    const bytes =
      typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    this.#total += bytes.length;
    if (this.#total > this.maxBytes) throw tooLarge(this.maxBytes);
    this.#chunks.push(bytes);
  }

  bytes(): Uint8Array {
    return concat(this.#chunks, this.#total);
  }

  /** The BodyError a failed read ends in. */
  failure(error: unknown): BodyError {
    return error instanceof BodyError
      ? error
      : new BodyError(400, 'The request body could not be read');
  }
}

/**
 * Node streams' events, which cost far less per request than async iteration. Once the body is over
 * the limit, the rest is dropped as it arrives.
 */
function readByEvents(req: Required<NodeRequestLike>, body: BodyChunks): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(body.failure(error));
    };
    req.on('data', (chunk) => {
      if (settled) return;
      try {
        body.add(chunk);
      } catch (error) {
        fail(error);
      }
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(body.bytes());
    });
    req.on('error', fail);
    // A request whose client goes away before the end never ends. Every request closes, so the
    // error (and its stack trace) is only made for one that did not end first.
    req.on('close', () => {
      if (!settled) fail(new Error('The request closed before its body ended'));
    });
  });
}

/** The body a parser that ran first left behind, back as bytes (JSON re-serialized). */
function parsedBody(body: unknown, maxBytes: number): Uint8Array {
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) bytes = body;
  else if (typeof body === 'string') bytes = new TextEncoder().encode(body);
  else if (body === undefined || body === null) bytes = new Uint8Array(0);
  else bytes = new TextEncoder().encode(JSON.stringify(body));
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/**
 * Writes the answer with its Content-Length, so Node sends it in one piece: writeHead without one
 * makes Node frame even a short body as chunked. A text body is passed on as a string, which Node
 * writes in the same system call as the head.
 */
function writeAnswer(res: NodeResponseLike, { status, headers, body }: EventResponse): void {
  if (status === 204) {
    res.writeHead(status, headers ?? {});
    return void res.end();
  }
  const content = body instanceof ArrayBuffer ? new Uint8Array(body) : body;
  const length =
    content === undefined ? 0 : typeof content === 'string' ? utf8Length(content) : content.length;
  res.writeHead(status, { ...headers, 'content-length': String(length) });
  if (content === undefined || length === 0) res.end();
  else res.end(content);
}

/**
 * The length of `text` in UTF-8 as Node writes it (a lone surrogate becomes U+FFFD, 3 bytes), counted
 * without encoding it: this package has no `node:` imports, so no `Buffer.byteLength`.
 */
export function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) length += 1;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      length += 2; // two UTF-16 units, four bytes
      i++;
    } else length += 2;
  }
  return length;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
