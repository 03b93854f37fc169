// Shared test helpers: an emulator on random ports, JWTs signed the way the SDKs sign them, and a
// WebSocket probe that queues frames so tests can await them in order.
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import {
  HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  LogLevel,
} from '@microsoft/signalr';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { DEFAULT_ACCESS_KEY, type Emulator, startEmulator } from '../src/index.js';

export const KEY = DEFAULT_ACCESS_KEY;

export function startTestEmulator(
  options: { log?: (line: string) => void; keepAliveMs?: number } = {},
) {
  return startEmulator({
    webPubSubPort: 0,
    signalRPort: 0,
    ...(options.log ? { log: options.log } : {}),
    ...(options.keepAliveMs ? { signalRKeepAliveIntervalMs: options.keepAliveMs } : {}),
  });
}

/** Signs an HS256 token with the UTF-8 bytes of `key`; `exp` defaults to one hour from now. */
export async function signToken(
  claims: Record<string, unknown>,
  options: { key?: string; expiresIn?: number; notBefore?: number; kid?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader(
      options.kid ? { alg: 'HS256', typ: 'JWT', kid: options.kid } : { alg: 'HS256', typ: 'JWT' },
    )
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600));
  if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.key ?? KEY));
}

/** A token whose header says `alg: none`, with no signature. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp })}.`;
}

/** fetch with `Authorization: Bearer <token whose aud is the URL>` unless a token is given. */
export async function restCall(
  method: string,
  url: string,
  init: {
    body?: BodyInit;
    contentType?: string;
    token?: string | null;
    aud?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? await signToken({ aud: init.aud ?? url }) : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (init.contentType) headers['content-type'] = init.contentType;
  return fetch(url, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
}

export interface Frame {
  readonly data: Buffer;
  readonly binary: boolean;
}

/** A ws client that records every frame, plus how it closed. */
export class WsProbe {
  readonly frames: Frame[] = [];
  readonly #waiters: ((f: Frame) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, binary) => {
      const frame = { data: data as Buffer, binary };
      const waiter = this.#waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(
    url: string,
    protocols?: string | string[],
    headers?: Record<string, string>,
  ): Promise<WsProbe> {
    const socket = new WebSocket(url, protocols, headers ? { headers } : {});
    const probe = new WsProbe(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(probe));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => reject(new UpgradeRejected(res.statusCode ?? 0, body, res.headers)));
      });
    });
  }

  next(timeoutMs = 2000): Promise<Frame> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = (f: Frame) => {
        clearTimeout(timer);
        resolve(f);
      };
      // A waiter that timed out is removed, or it would swallow the next frame.
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error('No frame arrived in time'));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  async nextJson(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.next()).data.toString());
  }

  /** Resolves when no frame arrives for `ms`; fails if one does. */
  async expectSilence(ms = 150): Promise<void> {
    const frame = await this.next(ms).catch(() => undefined);
    if (frame) throw new Error(`Unexpected frame: ${frame.data.toString()}`);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}

export class UpgradeRejected extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Readonly<Record<string, string | string[] | undefined>> = {},
  ) {
    super(`WebSocket upgrade rejected with ${status}: ${body}`);
  }
}

/** Polls until `check` returns true (for state that changes after a socket event). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The official SignalR client for a serverless negotiate result, over WebSockets and silent. */
export function officialSignalRConnection(url: string, accessToken: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url, {
      accessTokenFactory: () => accessToken,
      transport: HttpTransportType.WebSockets,
    })
    .configureLogging(LogLevel.None)
    .build();
}

/** The official @azure/web-pubsub client for a hub of this emulator (plain http, so insecure allowed). */
export function officialServiceClient(
  emulator: Pick<Emulator, 'webPubSub'>,
  hub: string,
): WebPubSubServiceClient {
  return new WebPubSubServiceClient(emulator.webPubSub.connectionString, hub, {
    allowInsecureConnection: true,
  });
}

export type { Emulator };
