// Connection recovery for the reliable subprotocols (client-spec §1.4): a client whose socket dropped
// reconnects with `awps_connection_id` + `awps_reconnection_token` (no access token), gets the same
// connection id, user and groups, a fresh `connected` message (the official client does not fire its
// `connected` event again) and every message it has not acknowledged, in order. A recovery that cannot
// succeed (unknown or ended connection, wrong token, not reliable) is accepted and closed with 1008,
// as Microsoft's emulator does, so the client stops retrying and starts a new connection.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { EndpointState } from './client-endpoint.js';
import { attachSocketListeners, recordConnected } from './client-socket.js';
import { CLOSE_POLICY, type WpsConnection } from './connection.js';

export interface RecoveryRequest {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly url: URL;
  readonly hub: string;
  readonly offered: readonly string[];
}

const NOT_RECOVERABLE = 'The connection could not be recovered.';

export function recoverConnection(state: EndpointState, r: RecoveryRequest): void {
  const id = r.url.searchParams.get('awps_connection_id') ?? '';
  const token = r.url.searchParams.get('awps_reconnection_token') ?? '';
  const conn = state.hubs.find(r.hub)?.connections.get(id);
  const recoverable =
    conn !== undefined &&
    !conn.ended &&
    conn.codec.reliable &&
    conn.subprotocol !== undefined &&
    r.offered.includes(conn.subprotocol) &&
    state.tokens.verify(id, token);
  if (!recoverable || !conn) {
    state.log(`[webpubsub] recovery of connection=${id.slice(0, 64)} refused: ${NOT_RECOVERABLE}`);
    // Answered over WebSocket, not HTTP: only a 1008 close tells the client to give up at once.
    state.chosen.set(r.req, r.offered[0] ?? false);
    state.wss.handleUpgrade(r.req, r.socket, r.head, (ws) =>
      ws.close(CLOSE_POLICY, NOT_RECOVERABLE),
    );
    return;
  }
  state.chosen.set(r.req, conn.subprotocol ?? false);
  state.wss.handleUpgrade(r.req, r.socket, r.head, (ws) => resume(state, conn, ws));
}

function resume(state: EndpointState, conn: WpsConnection, ws: WebSocket): void {
  if (conn.ended) {
    ws.close(CLOSE_POLICY, NOT_RECOVERABLE);
    return;
  }
  attachSocketListeners(state, conn, ws);
  conn.attach(ws);
  conn.sendControl({
    type: 'connected',
    connectionId: conn.id,
    userId: conn.userId,
    reconnectionToken: state.tokens.issue(conn.id),
  });
  conn.replayUnacknowledged();
  state.log(
    `[webpubsub] recovered hub=${conn.hub} connection=${conn.id} replayed=${conn.unacknowledgedCount}`,
  );
  recordConnected(state.probe, conn, true);
}
