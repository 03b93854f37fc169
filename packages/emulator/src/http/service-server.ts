// The node:http server each emulated service runs on: request URL reconstruction, one log line per
// REST call, WebSocket upgrade routing and a close() that does not wait for idle keep-alive sockets.
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../shared/logger.js';
import { HttpError, sendError } from './respond.js';

export interface ServiceServerOptions {
  /** Short service name used in log lines. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly onRequest: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;
  readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;
  /** Runs first on close(): upgraded sockets are not the HTTP server's to close. */
  readonly onClose: () => void;
}

export interface ServiceServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** The URL the client addressed: `http://<Host header><path>`. Tokens' audiences are compared with it. */
export function requestUrl(req: IncomingMessage): URL | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  try {
    return new URL(req.url ?? '/', `http://${host}`);
  } catch {
    return undefined;
  }
}

export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
  const { log, name } = options;
  const server = createServer((req, res) => {
    const started = performance.now();
    const url = requestUrl(req);
    res.on('finish', () => {
      const ms = (performance.now() - started).toFixed(1);
      log(`[${name}] ${req.method} ${url?.pathname ?? req.url} ${res.statusCode} ${ms}ms`);
    });
    if (!url)
      return sendError(
        req,
        res,
        new HttpError(400, 'InvalidRequest', 'A valid Host header is required.'),
      );
    Promise.resolve(options.onRequest(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) {
        sendError(req, res, new HttpError(500, 'InternalServerError', String(error)));
      }
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (!url) return rejectUpgrade(socket, 400, 'A valid Host header is required.');
    options.onUpgrade(req, socket, head, url);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        options.onClose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Refuses a WebSocket handshake with an HTTP status and a plain-text reason. */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) return void socket.destroy();
  const body = Buffer.from(reason);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

/** rejectUpgrade() plus one log line, so refused handshakes (bad tokens above all) show up in the log. */
export function upgradeRefuser(log: Logger, name: string) {
  return (socket: Duplex, url: URL, status: number, reason: string): void => {
    log(`[${name}] refused WebSocket ${url.pathname} ${status}: ${reason}`);
    rejectUpgrade(socket, status, reason);
  };
}
