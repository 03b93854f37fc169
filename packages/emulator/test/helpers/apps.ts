// The app side of event-handler and upstream tests: a node:http server that records every request
// (method, path, headers, body) before a test's handler answers it, an Express app behind the same
// recorder (headers only: the Express handler reads the body itself), and a URL nothing listens on.
import { createHmac } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Header names as sent (Node.js lowercases `headers`). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export interface App {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

async function listen(
  listener: RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A node:http app: each request is recorded with its body, then `handle` answers it. */
export async function startRawApp(
  handle: (request: Recorded, res: ServerResponse) => void | Promise<void>,
): Promise<App> {
  const requests: Recorded[] = [];
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      Promise.resolve(handle(recorded, res)).catch(() => res.destroy());
    });
  });
  return { ...server, requests };
}

/** Serves `app` (an Express app or any request listener); requests are recorded without bodies. */
export async function startListenerApp(app: RequestListener): Promise<App> {
  const requests: Recorded[] = [];
  const server = await listen((req, res) => {
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.alloc(0),
    });
    app(req, res);
  });
  return { ...server, requests };
}

/** A URL nothing listens on (a port that was free a moment ago). */
export async function deadUrl(): Promise<string> {
  const server = await listen(() => {});
  await server.close();
  return server.url;
}

/** `sha256=<hex HMAC-SHA256(key, connectionId)>`, computed here, independently of the emulator. */
export function expectedSignature(key: string, connectionId: string, upper = false): string {
  const hex = createHmac('sha256', key).update(connectionId).digest('hex');
  return `sha256=${upper ? hex.toUpperCase() : hex}`;
}

/** Answers `res` with a status, headers and body. */
export function answer(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array = '',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, headers);
  res.end(body);
}
