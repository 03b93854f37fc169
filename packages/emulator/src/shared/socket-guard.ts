// A throw inside a ws 'message' listener escapes into the socket's 'data' event and would end the
// whole emulator process. Each listener is wrapped so a bug costs one connection, not every one.
import type { RawData, WebSocket } from 'ws';

/** 1011: the server hit an unexpected condition (RFC 6455 §7.4.1). */
export const CLOSE_INTERNAL_ERROR = 1011;

export function guardedListener(
  ws: WebSocket,
  listener: (data: RawData, isBinary: boolean) => void,
): (data: RawData, isBinary: boolean) => void {
  return (data, isBinary) => {
    try {
      listener(data, isBinary);
    } catch {
      ws.close(CLOSE_INTERNAL_ERROR, 'Internal error.');
    }
  };
}

/**
 * ws needs an 'error' listener, and that listener must not terminate the socket. For a frame over
 * maxPayload (and other protocol errors) ws has already queued a close frame with the right code
 * (1009, 1002, 1007) when it emits 'error'; terminating then destroyed the socket before that frame
 * was flushed, so the client saw 1006 in a fraction of tries. ws destroys sockets that fail itself.
 */
export function keepCloseCode(ws: WebSocket): void {
  ws.on('error', () => {});
}
