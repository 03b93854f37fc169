// Frames written to one socket during one turn of the event loop leave in one system call. A socket
// write costs microseconds of kernel time whatever its size (on loopback it also runs the reader's
// side of TCP), most of a broadcast's CPU; when several sends reach the same sockets in one turn, each
// socket is corked at its first frame and uncorked once after the turn's I/O callbacks (setImmediate).
// Order is kept: every write to the socket, batched or not, goes through the same stream buffer.
import type { Duplex } from 'node:stream';

const held = new Set<Duplex>();
let flushScheduled = false;

/**
 * Call before writing `bytes` to `raw`: holds its writes until the turn ends. A batch never grows to
 * the socket's high-water mark (it is sent first), so batching never makes a fast reader look slow
 * (`writableNeedDrain`, which the slow-consumer bound reads).
 */
export function batchWrites(raw: Duplex, bytes: number): void {
  if (held.has(raw)) {
    if (raw.writableLength + bytes < raw.writableHighWaterMark) return;
    flushWrites(raw);
  }
  raw.cork();
  held.add(raw);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushAll);
  }
}

/** Sends what `raw` holds now; call before destroying a socket, which would drop held writes. */
export function flushWrites(raw: Duplex | undefined): void {
  if (raw && held.delete(raw)) raw.uncork();
}

function flushAll(): void {
  flushScheduled = false;
  for (const raw of held) raw.uncork();
  held.clear();
}
