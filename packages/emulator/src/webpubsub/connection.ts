// One client connection of a Web PubSub hub: who it is, its groups and roles, its subprotocol codec,
// and its socket. A reliable connection outlives its socket: when the socket drops without a close
// frame, the connection waits RECOVERY_WINDOW_MS for the client to recover it, buffering messages.
import WebSocket from 'ws';
import { webPubSubControlOut } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import { truncateReason } from '../shared/close-reason.js';
import { onSocketOverflow, sendBounded, terminateSocket } from '../shared/outbound-bound.js';
import { SerialQueue } from '../shared/serial-queue.js';
import { CLOSE_INTERNAL_ERROR } from '../shared/socket-guard.js';
import type { EventConnection } from './events.js';
import type { OutboundMessage } from './outbound-message.js';
import { Roles } from './permissions.js';
import type { ControlFrame, WpsCodec } from './protocols/index.js';
import { RECOVERY_WINDOW_MS, ReliableSession } from './reliable-session.js';

/** Close code for server-side closes; the official client does not try to recover after it. */
export const CLOSE_POLICY = 1008;
/** The socket ended without a close frame: the only case a reliable client may recover from. */
const CLOSE_ABNORMAL = 1006;
const MAX_REMEMBERED_ACK_IDS = 10_000;

export interface ConnectionLifecycle {
  /**
   * Called once when the connection ends for good (closed, expired or not reliable), with the close
   * code of its socket when there was one.
   */
  ended(conn: WpsConnection, reason: string, code: number | undefined): void;
}

export class WpsConnection implements EventConnection {
  readonly groups = new Set<string>();
  readonly roles: Roles;
  /** `ce-connectionState` for event handlers, updated from their responses. */
  connectionState: string | undefined;
  /**
   * User events (plain frames, `event` and `invoke` requests) reach the event handler one at a time, in
   * order; at most 1,000 (or 16 MiB) wait for a slow handler, then the connection is closed with 1008.
   */
  readonly userEvents = new SerialQueue('queue of events waiting for the event handler', () =>
    this.close('Internal error.', CLOSE_INTERNAL_ERROR),
  );
  /** The current socket; undefined while a reliable client is away. */
  socket: WebSocket | undefined;
  readonly #session: ReliableSession | undefined;
  /** ackIds of processed requests, so a resent request gets a `Duplicate` ack. */
  readonly #seenAckIds = new Set<number>();
  #expiry: NodeJS.Timeout | undefined;
  #ended = false;

  readonly id: string;
  readonly hub: string;
  readonly userId: string | undefined;
  /** The negotiated subprotocol; a custom one (chosen by a connect handler) speaks like plain. */
  readonly subprotocol: string | undefined;
  readonly codec: WpsCodec;
  readonly lifecycle: ConnectionLifecycle;
  /** The inspector's hook: control frames are shown while someone watches. */
  readonly probe: Probe;
  /** When the connection was accepted (ms since the epoch). */
  readonly connectedAt = Date.now();
  /** Frames the client sent. */
  messagesIn = 0;
  /** Data messages and control frames sent (or, for reliable connections, buffered) to it. */
  messagesOut = 0;

  constructor(init: {
    id: string;
    hub: string;
    userId: string | undefined;
    subprotocol: string | undefined;
    codec: WpsCodec;
    roles: Iterable<string>;
    lifecycle: ConnectionLifecycle;
    probe: Probe;
  }) {
    this.id = init.id;
    this.hub = init.hub;
    this.userId = init.userId;
    this.subprotocol = init.subprotocol;
    this.codec = init.codec;
    this.lifecycle = init.lifecycle;
    this.probe = init.probe;
    this.roles = new Roles(init.roles);
    this.#session = init.codec.reliable ? new ReliableSession() : undefined;
  }

  /** Plain WebSockets send user events (`message`) instead of requests. */
  get isPlain(): boolean {
    return this.codec.subprotocol === undefined;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Takes a (new) socket; a previous one (a recovery overtaking a stale socket) is dropped. */
  attach(socket: WebSocket): void {
    const previous = this.socket;
    this.socket = socket;
    clearTimeout(this.#expiry);
    if (previous && previous !== socket) terminateSocket(previous);
    onSocketOverflow(socket, (reason) => {
      if (this.socket === socket) this.#end(reason, CLOSE_POLICY);
    });
  }

  /** After a recovery: the messages the client has not acknowledged, again and in order. */
  replayUnacknowledged(): void {
    const { socket } = this;
    if (!socket) return;
    for (const frame of this.#session?.unacknowledged() ?? []) {
      sendBounded(socket, frame, this.codec.binaryFrames);
    }
  }

  get unacknowledgedCount(): number {
    return this.#session?.unacknowledgedCount ?? 0;
  }

  /** The socket closed with `code`; a reliable connection dropped abnormally waits for recovery. */
  socketClosed(socket: WebSocket, code: number, reason: string): void {
    if (this.socket !== socket || this.#ended) return;
    this.socket = undefined;
    if (this.#session && code === CLOSE_ABNORMAL) {
      this.#expiry = setTimeout(
        () => this.#end('The connection was not recovered in time.'),
        RECOVERY_WINDOW_MS,
      );
      this.#expiry.unref();
      return;
    }
    this.#end(reason || `The client closed the connection (${code}).`, code);
  }

  hasProcessed(ackId: number): boolean {
    return this.#seenAckIds.has(ackId);
  }

  markProcessed(ackId: number): void {
    this.#seenAckIds.add(ackId);
    // Bounded: the oldest ids are forgotten first (a Set iterates in insertion order).
    if (this.#seenAckIds.size > MAX_REMEMBERED_ACK_IDS) {
      this.#seenAckIds.delete(this.#seenAckIds.values().next().value as number);
    }
  }

  acknowledge(sequenceId: number): void {
    this.#session?.acknowledge(sequenceId);
  }

  deliver(message: OutboundMessage): void {
    if (this.#ended) return;
    this.messagesOut++;
    if (!this.#session) {
      if (this.socket) message.frameFor(this.codec).sendTo(this.socket);
      return;
    }
    const added = this.#session.add((seq) => this.codec.numberedFrame(message, seq));
    if ('overflow' in added) {
      this.close(added.overflow);
      return;
    }
    if (this.socket) sendBounded(this.socket, added.frame, this.codec.binaryFrames);
  }

  /** Sends a control frame (ack, system, pong, invokeResponse); plain connections have none. */
  sendControl(frame: ControlFrame): void {
    const encoded = this.socket && this.codec.control(frame);
    if (!this.socket || !encoded) return;
    sendBounded(this.socket, encoded.data, encoded.binary);
    this.messagesOut++;
    if (this.probe.watching) {
      const event = webPubSubControlOut(this.probe, this, frame);
      if (event) this.probe.record(event);
    }
  }

  /** Whether a reliable client's socket is away (the connection waits for it to recover). */
  get recovering(): boolean {
    return this.socket === undefined && !this.#ended;
  }

  /** Closes with the `disconnected` system message first, then the reason in the close frame. */
  close(reason: string | undefined, code = CLOSE_POLICY): void {
    if (this.#ended) return;
    const text = reason ?? '';
    const socket = this.socket;
    const open = socket?.readyState === WebSocket.OPEN;
    if (open) {
      this.sendControl({ type: 'disconnected', reason: text });
      socket.close(code, truncateReason(text));
    }
    this.#end(text, open ? code : undefined);
  }

  #end(reason: string, code?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#expiry);
    this.#session?.clear();
    this.lifecycle.ended(this, reason, code);
  }
}
