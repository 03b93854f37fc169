// The harness's HTTP server on 127.0.0.1. Runtimes fetch their configuration from it and report
// back (`/run/<id>/…`); Chromium also loads its page and bundle from it, and reaches the emulator's
// REST API through its same-origin reverse proxy (`/api/…`), which the emulator needs no CORS for.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventAnswer, EventCase } from './event-cases.js';

export interface ProbeConfig {
  hub: string;
  userId: string;
  target: string;
  webPubSub: { connectionString: string; options?: { reverseProxyEndpoint?: string } };
  signalR: { connectionString: string; options?: { reverseProxyEndpoint?: string } };
  /** Signed service-to-app requests the runtime serves through @hubcast/server/events. */
  events: EventCase[];
}

/** What a runtime reports after sending: the User-Agent header (name, value) of each request. */
export interface SentReport {
  userAgents: [name: string, value: string][];
}

/** What a runtime hands back after minting: its identity and both client tokens. */
export interface MintedTokens {
  webPubSubUrl: string;
  signalR: { url: string; accessToken: string };
}

export interface TokenReport extends MintedTokens {
  runtime: { name: string; version: string | null };
  /** The same tokens from `@hubcast/server/token`. */
  tokenEntry: MintedTokens;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // observed through `failure` races; never unhandled
  return { promise, resolve, reject };
}

/** One matrix row as the server sees it. */
export class Run {
  readonly id = randomUUID();
  readonly tokens = deferred<TokenReport>();
  readonly nonce = deferred<string>();
  readonly sent = deferred<SentReport>();
  readonly events = deferred<EventAnswer[]>();
  /** Rejects when the runtime reports an error. */
  readonly failure = deferred<never>();
  constructor(readonly config: ProbeConfig) {}
}

export interface ControlServer {
  origin: string;
  createRun(config: ProbeConfig): Run;
  close(): Promise<void>;
}

export interface ControlServerOptions {
  /** Emulator origins the `/api/` proxy forwards to (`/api/v1/…` is SignalR). */
  webPubSubEndpoint: string;
  signalREndpoint: string;
  /** The esbuild bundle of src/browser-entry.mjs. */
  browserBundle: string;
}

const PAGE =
  '<!doctype html><meta charset="utf-8"><title>runtime matrix</title><script type="module" src="/bundle.js"></script>';

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const runs = new Map<string, Run>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://harness');
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith(`${SIGNALR_PROXY_PREFIX}/`)) {
      return proxy(req, res, url, options);
    }
    if (url.pathname === '/page') return send(res, 200, PAGE, 'text/html');
    if (url.pathname === '/bundle.js')
      return send(res, 200, options.browserBundle, 'text/javascript');
    const match = /^\/run\/([^/]+)\/(config|tokens|sent|events|error)$/.exec(url.pathname);
    const run = match ? runs.get(decodeURIComponent(match[1] ?? '')) : undefined;
    if (!match || !run) return send(res, 404, 'not found');
    const step = match[2];
    if (step === 'config') return send(res, 200, JSON.stringify(run.config), 'application/json');
    const body: unknown = JSON.parse((await readBody(req)) || 'null');
    if (step === 'tokens') {
      run.tokens.resolve(body as TokenReport);
      // Answered only once the harness has connected its clients with these tokens.
      const nonce = await Promise.race([run.nonce.promise, run.failure.promise]);
      return send(res, 200, JSON.stringify({ nonce }), 'application/json');
    }
    if (step === 'sent') run.sent.resolve(body as SentReport);
    else if (step === 'events') run.events.resolve(body as EventAnswer[]);
    else
      run.failure.reject(new Error(`the runtime failed: ${(body as { message: string }).message}`));
    return send(res, 204, '');
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    createRun(config) {
      const run = new Run(config);
      runs.set(run.id, run);
      return run;
    },
    close: async () => {
      for (const run of runs.values()) run.failure.reject(new Error('harness closed'));
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * The path prefix of the page's SignalR REST calls: both services' current APIs live under /api/hubs,
 * so the proxy tells them apart by it and strips it.
 */
export const SIGNALR_PROXY_PREFIX = '/signalr';

/** Forwards a request to the emulator with the emulator's Host, since tokens' `aud` names it. */
function proxy(req: IncomingMessage, res: ServerResponse, url: URL, options: ControlServerOptions) {
  const isSignalR = url.pathname.startsWith(`${SIGNALR_PROXY_PREFIX}/`);
  const upstream = new URL(isSignalR ? options.signalREndpoint : options.webPubSubEndpoint);
  const path = isSignalR ? url.pathname.slice(SIGNALR_PROXY_PREFIX.length) : url.pathname;
  const forwarded = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: `${path}${url.search}`,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forwarded.on('error', (error) => send(res, 502, String(error)));
  req.pipe(forwarded);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain') {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
