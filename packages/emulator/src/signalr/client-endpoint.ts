// SignalR client side: `POST /client/negotiate` (with CORS for browsers) and the WebSocket at
// `/client/?hub=…&id=…`, speaking the JSON hub protocol with a ping at least every 15 s.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { JWTPayload } from 'jose';
import { type WebSocket, WebSocketServer } from 'ws';
import { signalRClientAudience } from '../auth/audiences.js';
import { AuthError, type TokenVerifier, tokenOf } from '../auth/token-verifier.js';
import { HttpError, sendEmpty, sendError, sendJson } from '../http/respond.js';
import { parameterSchema, signalRRouteTable } from '../http/route-table.js';
import { upgradeRefuser } from '../http/service-server.js';
import { checkValue } from '../http/validate.js';
import type { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { guardedListener } from '../shared/socket-guard.js';
import { SrConnection } from './connection.js';
import type { SrHub } from './hub.js';
import {
  frame,
  HANDSHAKE_OK_FRAME,
  MessageType,
  PING_FRAME,
  RecordReader,
} from './hub-protocol.js';

const hubSchema = parameterSchema(signalRRouteTable, 'SignalR_Broadcast', 'hub');
/** A negotiated connection token must be used within this time. */
const NEGOTIATION_TTL_MS = 5 * 60 * 1000;
const HANDSHAKE_TIMEOUT_MS = 15_000;
/** Per frame, and for a record split over frames (its unfinished tail is buffered). */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const USER_CLAIMS = [
  'asrs.s.uid',
  'nameid',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  'sub',
];

export interface SignalRClientOptions {
  readonly hubs: HubRegistry<SrHub>;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
  readonly keepAliveIntervalMs: number;
}

interface Negotiated {
  readonly connectionId: string;
  readonly hub: string;
  readonly createdAt: number;
}

export function signalRClientEndpoint(options: SignalRClientOptions) {
  const refuse = upgradeRefuser(options.log, 'signalr');
  const negotiated = new Map<string, Negotiated>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  const live = new Set<SrConnection>();
  const pinger = setInterval(() => {
    for (const conn of live) conn.sendShared(PING_FRAME);
  }, options.keepAliveIntervalMs);
  pinger.unref();

  /** Resolves the hub and verified claims of a negotiate or connect request, or throws HttpError. */
  const authorize = async (req: IncomingMessage, url: URL) => {
    const hub = url.searchParams.get('hub');
    if (hub === null)
      throw new HttpError(400, 'InvalidParameter', "The query parameter 'hub' is required.", 'hub');
    const problem = checkValue(hub, hubSchema, 'hub');
    if (problem) throw new HttpError(400, 'InvalidParameter', problem, 'hub');
    const token = tokenOf(req.headers, url.searchParams);
    if (!token)
      throw new HttpError(
        401,
        'Unauthorized',
        'An access token is required (access_token or Authorization).',
      );
    try {
      const claims = await options.verifier.verify(token, signalRClientAudience(url, hub), {
        allowIssuedKeys: true,
      });
      return { hub, claims };
    } catch (error) {
      if (error instanceof AuthError) throw new HttpError(401, 'Unauthorized', error.message);
      throw error;
    }
  };

  const negotiate = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') return sendEmpty(res, 204, { ...cors, ...preflightHeaders(req) });
    try {
      if (req.method !== 'POST')
        throw new HttpError(405, 'MethodNotAllowed', 'Negotiate with POST.');
      const { hub } = await authorize(req, url);
      sweep(negotiated);
      const connectionId = randomBytes(16).toString('base64url');
      const version = Number(url.searchParams.get('negotiateVersion') ?? '0') >= 1 ? 1 : 0;
      // Version 1 separates the secret connection token from the public connection id.
      const connectionToken = version === 1 ? randomBytes(16).toString('base64url') : connectionId;
      negotiated.set(connectionToken, { connectionId, hub, createdAt: Date.now() });
      const transports = [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }];
      const body =
        version === 1
          ? { negotiateVersion: 1, connectionId, connectionToken, availableTransports: transports }
          : { connectionId, availableTransports: transports };
      sendJson(req, res, 200, body, cors);
    } catch (error) {
      if (error instanceof HttpError) return sendError(req, res, error, cors);
      throw error;
    }
  };

  const connect = async (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    if (!/^\/client\/?$/.test(url.pathname))
      return refuse(socket, url, 404, 'Connect to /client/?hub={hub}.');
    let hub: string;
    let claims: JWTPayload;
    try {
      ({ hub, claims } = await authorize(req, url));
    } catch (error) {
      if (error instanceof HttpError) return refuse(socket, url, error.status, error.message);
      throw error;
    }
    const id = url.searchParams.get('id');
    let connectionId = randomBytes(16).toString('base64url');
    if (id !== null) {
      const entry = negotiated.get(id);
      if (!entry || entry.hub.toLowerCase() !== hub.toLowerCase() || expired(entry)) {
        return refuse(socket, url, 404, 'No negotiated connection has this id.');
      }
      negotiated.delete(id);
      connectionId = entry.connectionId;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, hub, connectionId, userOf(claims)));
  };

  const accept = (ws: WebSocket, hubName: string, id: string, userId: string | undefined) => {
    const hub = options.hubs.get(hubName);
    const conn = new SrConnection(id, userId, ws);
    const reader = new RecordReader(MAX_MESSAGE_BYTES);
    let handshaken = false;
    const timeout = setTimeout(
      () => ws.close(1002, 'No handshake received.'),
      HANDSHAKE_TIMEOUT_MS,
    );
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(timeout);
      conn.invocations.abandon();
      if (!handshaken) return;
      live.delete(conn);
      hub.remove(conn);
      options.log(`[signalr] disconnected hub=${hubName} connection=${id}`);
    });
    ws.on(
      'message',
      guardedListener(ws, (data) => {
        const records = reader.push(data.toString());
        if (records === undefined) {
          ws.close(1009, `A message exceeds ${MAX_MESSAGE_BYTES} bytes.`);
          return;
        }
        for (const record of records) {
          if (handshaken) {
            onHubMessage(conn, record);
            continue;
          }
          clearTimeout(timeout);
          const problem = handshakeProblem(record);
          if (problem) {
            ws.send(frame({ error: problem }), { binary: false });
            ws.close(1000);
            return;
          }
          handshaken = true;
          ws.send(HANDSHAKE_OK_FRAME, { binary: false });
          hub.add(conn);
          live.add(conn);
          const who = userId === undefined ? 'anonymous' : `user=${userId}`;
          options.log(`[signalr] connected hub=${hubName} connection=${id} ${who}`);
        }
      }),
    );
  };

  return {
    handles: (url: URL) =>
      url.pathname === '/client/negotiate' || url.pathname === '/client/negotiate/',
    negotiate,
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
      connect(req, socket, head, url).catch(() => refuse(socket, url, 500, 'Internal error.'));
    },
    closeAll: () => {
      clearInterval(pinger);
      for (const conn of live) conn.close('The emulator is shutting down.');
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function onHubMessage(conn: SrConnection, record: string): void {
  let message: { type?: unknown; invocationId?: unknown; result?: unknown; error?: unknown };
  try {
    message = JSON.parse(record);
  } catch {
    conn.close('Invalid JSON hub protocol message.');
    return;
  }
  if (message.type === MessageType.Close) {
    conn.socket.close(1000);
    return;
  }
  if (message.type === MessageType.Completion) {
    // A client result for an :invoke; an error wins, as in the hub protocol.
    const { error, result } = message;
    conn.invocations.complete(
      message.invocationId,
      typeof error === 'string' ? { error } : 'result' in message ? { result } : {},
    );
    return;
  }
  const expectsResult =
    message.type === MessageType.Invocation || message.type === MessageType.StreamInvocation;
  if (expectsResult && typeof message.invocationId === 'string') {
    // Serverless hubs route client invocations to upstream handlers, which the emulator has none of.
    const error =
      'The emulator does not route client invocations (no upstream in serverless mode).';
    conn.send(frame({ type: MessageType.Completion, invocationId: message.invocationId, error }));
  }
}

function handshakeProblem(record: string): string | undefined {
  let handshake: { protocol?: unknown; version?: unknown };
  try {
    handshake = JSON.parse(record);
  } catch {
    return 'The handshake is not valid JSON.';
  }
  if (handshake.protocol !== 'json')
    return `The protocol '${String(handshake.protocol)}' is not supported; use json.`;
  if (handshake.version !== 1)
    return `The json protocol version ${String(handshake.version)} is not supported; use 1.`;
  return undefined;
}

function userOf(claims: JWTPayload): string | undefined {
  for (const claim of USER_CLAIMS) {
    const value = claims[claim];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function expired(entry: Negotiated): boolean {
  return Date.now() - entry.createdAt > NEGOTIATION_TTL_MS;
}

function sweep(negotiated: Map<string, Negotiated>): void {
  for (const [token, entry] of negotiated) if (expired(entry)) negotiated.delete(token);
}

/** Browsers send negotiate with credentials, so the Origin is echoed (never `*`) with Allow-Credentials. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-methods': 'POST, GET, OPTIONS',
    'access-control-max-age': '86400',
  };
  const requested = req.headers['access-control-request-headers'];
  if (requested) headers['access-control-allow-headers'] = requested;
  return headers;
}
