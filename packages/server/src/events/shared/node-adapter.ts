// `getMiddleware()`: serves an event handler from Express or a plain `node:http` server. It is typed
// by shape, not by import (this package has no `node:` imports), so it accepts Express's and Node's
// request and response objects alike: the request is read into a web `Request`, given to the handler's
// fetch logic, and the `Response` is written back. Requests the handler does not own go to `next()`
// (Express), or get the handler's own 404/405/400 answer when there is no `next` (node:http).
import { BodyError, concat, declaredTooLarge, tooLarge } from './body.js';
import {
  type HeaderLookup,
  type NotOwned,
  notOwnedResponse,
  pathOf,
  textResponse,
} from './http.js';

/** The parts of a Node `IncomingMessage` (or Express `Request`) the middleware reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
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
  end(body?: Uint8Array): unknown;
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
  maxBodyBytes: number;
  /** Undefined when the handler owns the request, else why not. */
  route(method: string, path: string, header: HeaderLookup): NotOwned | undefined;
  /** Serves an owned request (never rejects: failures are answers). */
  process(request: Request): Promise<Response>;
}

export function createNodeMiddleware(target: MiddlewareTarget): NodeMiddleware {
  return async (req, res, next) => {
    try {
      const method = req.method ?? 'GET';
      const url = req.originalUrl ?? req.url ?? '/';
      const notOwned = target.route(method, pathOf(url), (name) => nodeHeader(req.headers, name));
      if (notOwned) {
        if (next) return next();
        return await writeResponse(res, notOwnedResponse(notOwned));
      }
      let request: Request;
      try {
        request = await toRequest(req, method, url, target.maxBodyBytes);
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400;
        const message =
          error instanceof BodyError ? error.message : 'The request could not be read';
        return await writeResponse(res, textResponse(status, message));
      }
      await writeResponse(res, await target.process(request));
    } catch (error) {
      // Only writing to a closed socket gets here; Express can log it, node:http has nowhere to.
      next?.(error);
    }
  };
}

function nodeHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(', ');
}

async function toRequest(
  req: NodeRequestLike,
  method: string,
  url: string,
  maxBytes: number,
): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.append(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const body =
    method === 'GET' || method === 'HEAD' ? undefined : await readNodeBody(req, maxBytes);
  // Only the path matters to the handler; the origin is a placeholder.
  const target = url.startsWith('/') ? url : `/${url}`;
  return new Request(`http://localhost${target}`, {
    method,
    headers,
    body: body && body.length > 0 ? (body as Uint8Array<ArrayBuffer>) : undefined,
  });
}

async function readNodeBody(req: NodeRequestLike, maxBytes: number): Promise<Uint8Array> {
  if (declaredTooLarge(nodeHeader(req.headers, 'content-length'), maxBytes))
    throw tooLarge(maxBytes);
  if (req.readableEnded) return parsedBody(req.body);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of req) {
    const bytes =
      typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    total += bytes.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(bytes);
  }
  return concat(chunks, total);
}

/** The body a parser that ran first left behind, back as bytes (JSON re-serialized). */
function parsedBody(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body === undefined || body === null) return new Uint8Array(0);
  return new TextEncoder().encode(JSON.stringify(body));
}

async function writeResponse(res: NodeResponseLike, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}
