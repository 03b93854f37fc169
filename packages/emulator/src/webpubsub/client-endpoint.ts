// The Web PubSub client endpoint `/client/hubs/{hub}`: checks the access token (from `access_token`
// or `Authorization`), picks the subprotocol, and turns the socket into a hub connection whose
// user, roles and initial groups come from the token's `sub`, `role` and `webpubsub.group` claims.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { JWTPayload } from 'jose';
import { type WebSocket, WebSocketServer } from 'ws';
import { webPubSubClientAudience } from '../auth/audiences.js';
import { AuthError, type TokenVerifier, tokenOf } from '../auth/token-verifier.js';
import { parameterSchema, webPubSubRouteTable } from '../http/route-table.js';
import { upgradeRefuser } from '../http/service-server.js';
import { checkValue } from '../http/validate.js';
import type { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { guardedListener } from '../shared/socket-guard.js';
import { handleClientMessage } from './client-messages.js';
import { subprotocolNames, WpsConnection, type WpsProtocol } from './connection.js';
import type { WpsHub } from './hub.js';

const hubSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_SendToAll', 'hub');
const groupSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_AddConnectionToGroup', 'group');
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface ClientEndpointOptions {
  readonly hubs: HubRegistry<WpsHub>;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
}

export function webPubSubClientEndpoint(options: ClientEndpointOptions) {
  const refuse = upgradeRefuser(options.log, 'webpubsub');
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (offered) => [...offered].find((p) => p in subprotocolNames) ?? false,
  });

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    const hub = hubFromPath(url.pathname);
    if (hub === undefined) return refuse(socket, url, 404, 'Connect to /client/hubs/{hub}.');
    const hubProblem = checkValue(hub, hubSchema, 'hub');
    if (hubProblem) return refuse(socket, url, 400, hubProblem);
    const offered = offeredProtocols(req);
    const chosen = offered.find((p) => p in subprotocolNames);
    if (offered.length > 0 && !chosen) {
      return refuse(
        socket,
        url,
        400,
        `Unsupported subprotocol; use ${Object.keys(subprotocolNames).join(' or ')}.`,
      );
    }
    if (url.searchParams.has('awps_connection_id')) {
      return refuse(socket, url, 404, 'Connection recovery is not supported by the emulator.');
    }
    const token = tokenOf(req.headers, url.searchParams);
    if (!token)
      return refuse(
        socket,
        url,
        401,
        'An access token is required (access_token or Authorization).',
      );
    let claims: JWTPayload;
    try {
      claims = await options.verifier.verify(token, webPubSubClientAudience(url));
    } catch (error) {
      if (error instanceof AuthError) return refuse(socket, url, 401, error.message);
      throw error;
    }
    const protocol: WpsProtocol = chosen ? (subprotocolNames[chosen] as WpsProtocol) : 'plain';
    wss.handleUpgrade(req, socket, head, (ws) => accept(options, ws, hub, protocol, claims));
  };

  return {
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
      upgrade(req, socket, head, url).catch(() => refuse(socket, url, 500, 'Internal error.'));
    },
    /** Closes every client socket (1001: the emulator is going away). */
    closeAll: () => {
      for (const ws of wss.clients) ws.close(1001, 'The emulator is shutting down.');
      wss.close();
    },
  };
}

function hubFromPath(pathname: string): string | undefined {
  const match = /^\/client\/hubs\/([^/]*)\/?$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function stringsClaim(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function accept(
  options: ClientEndpointOptions,
  ws: WebSocket,
  hubName: string,
  protocol: WpsProtocol,
  claims: JWTPayload,
): void {
  const hub = options.hubs.get(hubName);
  const userId = typeof claims.sub === 'string' ? claims.sub : undefined;
  const id = randomBytes(12).toString('base64url');
  const conn = new WpsConnection(id, hubName, userId, protocol, ws, stringsClaim(claims.role));
  hub.add(conn);
  for (const group of stringsClaim(claims['webpubsub.group'])) {
    if (!checkValue(group, groupSchema, 'group')) hub.join(conn, group);
  }
  const who = userId === undefined ? 'anonymous' : `user=${userId}`;
  options.log(`[webpubsub] connected hub=${hubName} connection=${id} ${who} protocol=${protocol}`);
  ws.on('error', () => ws.terminate());
  ws.on('close', (code) => {
    hub.remove(conn);
    options.log(`[webpubsub] disconnected hub=${hubName} connection=${id} code=${code}`);
  });
  if (protocol !== 'plain') {
    const context = { hub, groupSchema };
    ws.on(
      'message',
      guardedListener(ws, (data, isBinary) => {
        // The JSON subprotocols carry text frames only; plain clients' messages would go upstream.
        if (!isBinary) handleClientMessage(context, conn, data.toString());
      }),
    );
  }
  const connected: Record<string, unknown> = {
    type: 'system',
    event: 'connected',
    connectionId: id,
  };
  if (userId !== undefined) connected.userId = userId;
  if (protocol === 'reliable') connected.reconnectionToken = randomBytes(16).toString('base64url');
  conn.sendControl(connected);
}
