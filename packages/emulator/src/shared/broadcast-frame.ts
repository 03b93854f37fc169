// A WebSocket message sent to many sockets: the complete RFC 6455 frame (header + payload) is built
// once and the same bytes are written to every socket, instead of ws framing it once per socket.
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { noteSocketBacklog } from './outbound-bound.js';
import { batchWrites } from './write-batch.js';

export class BroadcastFrame {
  #wire: Buffer | undefined;

  constructor(
    readonly payload: Buffer,
    readonly binary: boolean,
  ) {}

  /** The unmasked server-to-client frame: FIN + opcode, then a 7, 16 or 64-bit payload length. */
  get wire(): Buffer {
    if (!this.#wire) {
      const length = this.payload.length;
      const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
      const frame = Buffer.allocUnsafe(headerLength + length);
      frame[0] = 0x80 | (this.binary ? 0x2 : 0x1);
      if (length < 126) {
        frame[1] = length;
      } else if (length < 65536) {
        frame[1] = 126;
        frame.writeUInt16BE(length, 2);
      } else {
        frame[1] = 127;
        frame.writeBigUInt64BE(BigInt(length), 2);
      }
      this.payload.copy(frame, headerLength);
      this.#wire = frame;
    }
    return this.#wire;
  }

  /**
   * Writes the prebuilt frame; falls back to ws's own send if its socket is not reachable. A socket
   * whose reader falls behind is closed by the slow-consumer bound (outbound-bound.ts).
   */
  sendTo(socket: WebSocket): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    // `_socket` is ws's underlying net.Socket (ws 8 is pinned exactly). Without permessage-deflate,
    // ws writes every frame synchronously to that socket, so writing to it directly keeps order.
    const raw = (socket as unknown as { _socket?: Duplex })._socket;
    if (raw?.writable) {
      batchWrites(raw, this.wire.length);
      raw.write(this.wire);
    } else socket.send(this.payload, { binary: this.binary });
    noteSocketBacklog(socket, this.payload.length);
  }
}
