// Writing responses: JSON bodies, and the service's error shape (an `ErrorDetail` body plus the
// `x-ms-error-code` header; HEAD responses carry the header only).
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    /** Headers the answer carries (`allow` on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: HttpError,
  headers: Record<string, string> = {},
): void {
  const body = {
    code: error.code,
    message: error.message,
    target: error.target ?? null,
    details: [],
  };
  const all = { ...error.headers, ...headers, 'x-ms-error-code': error.code };
  sendJson(req, res, error.status, body, all);
}

/** Reads the body up to `limit` bytes (the services accept at most 1 MB). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PayloadTooLarge', `The request body exceeds ${limit} bytes.`);
}
