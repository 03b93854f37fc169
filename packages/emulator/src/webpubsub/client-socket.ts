// The listeners every client socket gets, on its first connect and after each recovery: frames go to
// the codec and the request handler, and a close tells the connection (which may await recovery).
import type { WebSocket } from 'ws';
import { idsOf, webPubSubFrameIn } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import { CLOSE_INTERNAL_ERROR, guardedListener, keepCloseCode } from '../shared/socket-guard.js';
import type { EndpointState } from './client-endpoint.js';
import { handlePlainFrame, handleRequest } from './client-requests.js';
import { CLOSE_POLICY, type WpsConnection } from './connection.js';

export function attachSocketListeners(
  state: EndpointState,
  conn: WpsConnection,
  ws: WebSocket,
): void {
  keepCloseCode(ws);
  ws.on('close', (code, reason) => conn.socketClosed(ws, code, reason.toString()));
  const failed = () => conn.close('Internal error.', CLOSE_INTERNAL_ERROR);
  ws.on(
    'message',
    guardedListener(ws, (data, isBinary) => {
      if (conn.ended) return;
      const hub = state.hubs.find(conn.hub);
      if (!hub) return;
      const context = { hub, events: state.events, probe: state.probe };
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      conn.messagesIn++;
      const { probe } = state;
      if (conn.isPlain) {
        if (probe.watching) record(state, conn, undefined, bytes, isBinary);
        return queueUserEvent(conn, bytes.length, () =>
          handlePlainFrame(context, conn, bytes, isBinary),
        );
      }
      const request = conn.codec.decode(bytes, isBinary);
      if (probe.watching) record(state, conn, request, bytes, isBinary);
      if (request.type === 'invalid') return conn.close(request.reason, request.code);
      if (request.type === 'event' || request.type === 'invoke') {
        return queueUserEvent(conn, bytes.length, () => handleRequest(context, conn, request));
      }
      handleRequest(context, conn, request).catch(failed);
    }),
  );
}

function record(
  state: EndpointState,
  conn: WpsConnection,
  request: Parameters<typeof webPubSubFrameIn>[2],
  bytes: Buffer,
  isBinary: boolean,
): void {
  const event = webPubSubFrameIn(state.probe, conn, request, bytes, isBinary);
  if (event) state.probe.record(event);
}

/** User events wait their turn for the event handler; a connection that floods it is closed. */
function queueUserEvent(conn: WpsConnection, bytes: number, task: () => Promise<void>): void {
  // Events still queued when the connection ends are not delivered.
  const full = conn.userEvents.push(bytes, () => (conn.ended ? undefined : task()));
  if (full) conn.close(full, CLOSE_POLICY);
}

export function recordConnected(probe: Probe, conn: WpsConnection, recovered: boolean): void {
  if (!probe.enabled) return;
  probe.record({
    kind: 'connected',
    service: 'webpubsub',
    ...idsOf(conn),
    protocol: conn.subprotocol ?? 'plain',
    groups: [...conn.groups],
    ...(recovered ? { recovered } : {}),
  });
}
