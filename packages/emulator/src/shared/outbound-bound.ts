// The slow-consumer bound of both services (the documented service limit): a connection may have at
// most 1,000 unacknowledged messages or 16 MiB of outbound queue; past that it is closed with 1008
// and a reason, and the others are unaffected. `OutboundBudget` is the accounting for every such queue
// (a reliable replay buffer, a server-sent-events or long-polling queue, the invocations waiting for an
// upstream); `noteSocketBacklog` applies it to a WebSocket, counting what was written while the
// kernel's send buffer was full.
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { truncateReason } from './close-reason.js';
import { batchWrites, flushWrites } from './write-batch.js';

export const MAX_UNACKED_MESSAGES = 1000;
export const MAX_OUTBOUND_BYTES = 16 * 1024 * 1024;
/** Policy violation: the official clients do not try to recover after it. */
export const CLOSE_SLOW_CONSUMER = 1008;

/** How much may wait for one client: messages and bytes, whichever bound is reached first. */
export interface OutboundLimits {
  readonly messages: number;
  readonly bytes: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = Object.freeze({
  messages: MAX_UNACKED_MESSAGES,
  bytes: MAX_OUTBOUND_BYTES,
});

export class OutboundBudget {
  #messages = 0;
  #bytes = 0;

  constructor(
    /** Names the queue in the close reason, e.g. "outbound queue" or "reliable message buffer". */
    readonly what: string,
    readonly limits: OutboundLimits = DEFAULT_OUTBOUND_LIMITS,
  ) {}

  get messages(): number {
    return this.#messages;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Counts a message of `bytes` unless it would take the queue past a bound; then it is not counted
   * and the close reason is returned.
   */
  admit(bytes: number): string | undefined {
    if (this.#messages + 1 > this.limits.messages || this.#bytes + bytes > this.limits.bytes) {
      return this.reason;
    }
    this.#messages++;
    this.#bytes += bytes;
    return undefined;
  }

  /** Forgets delivered (or acknowledged) messages. */
  remove(messages: number, bytes: number): void {
    this.#messages = Math.max(0, this.#messages - messages);
    this.#bytes = Math.max(0, this.#bytes - bytes);
  }

  reset(): void {
    this.#messages = 0;
    this.#bytes = 0;
  }

  /** The close reason a client gets when the queue is full. */
  get reason(): string {
    const { messages, bytes } = this.limits;
    const size = bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
    return `The ${this.what} is full (more than ${messages} messages or ${size}).`;
  }
}

type OverflowListener = (reason: string) => void;

interface Backlog {
  readonly budget: OutboundBudget;
  readonly listeners: OverflowListener[];
}

const backlogs = new WeakMap<WebSocket, Backlog>();

/** ws's underlying net.Socket (ws 8 is pinned exactly). */
export function rawSocket(ws: WebSocket): Duplex | undefined {
  return (ws as unknown as { _socket?: Duplex })._socket;
}

/** Runs `listener` when `ws` is closed for being a slow consumer (before its close completes). */
export function onSocketOverflow(ws: WebSocket, listener: OverflowListener): void {
  backlogOf(ws)?.listeners.push(listener);
}

/**
 * Call after writing `bytes` to `ws`. Messages written while the kernel buffer is full queue in the
 * process; the count resets when the socket drains. Cheap when the socket keeps up: one flag read.
 */
export function noteSocketBacklog(ws: WebSocket, bytes: number): void {
  const raw = rawSocket(ws);
  if (!raw?.writableNeedDrain || ws.readyState !== WebSocket.OPEN) return;
  const backlog = backlogOf(ws);
  const reason = backlog?.budget.admit(bytes);
  if (!backlog || reason === undefined) return;
  for (const listener of backlog.listeners) listener(reason);
  // The close frame queues behind the backlog; ws terminates the socket if it is not read in time.
  ws.close(CLOSE_SLOW_CONSUMER, truncateReason(reason));
}

function backlogOf(ws: WebSocket): Backlog | undefined {
  let backlog = backlogs.get(ws);
  if (backlog) return backlog;
  const raw = rawSocket(ws);
  if (!raw) return undefined;
  backlog = { budget: new OutboundBudget('outbound queue'), listeners: [] };
  const { budget } = backlog;
  raw.on('drain', () => budget.reset());
  backlogs.set(ws, backlog);
  return backlog;
}

/** `ws.send` (batched with the turn's other writes) plus the backlog bound, for one connection. */
export function sendBounded(ws: WebSocket, data: Buffer, binary: boolean): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  const raw = rawSocket(ws);
  // ws adds a header of at most 10 bytes (server frames are not masked).
  if (raw?.writable) batchWrites(raw, data.length + 10);
  ws.send(data, { binary });
  noteSocketBacklog(ws, data.length);
}

/** `ws.terminate()` that first sends what this turn wrote (destroying a socket drops held writes). */
export function terminateSocket(ws: WebSocket): void {
  flushWrites(rawSocket(ws));
  ws.terminate();
}
