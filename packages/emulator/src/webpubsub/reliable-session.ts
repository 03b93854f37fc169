// The reliable subprotocols' side of a connection (howto-develop-reliable-clients.md, client-spec
// §1.4 and §3.2): data messages carry an increasing sequenceId, stay buffered until the client's
// sequenceAck covers them, and are replayed in order after the client recovers the connection with
// `awps_connection_id` + `awps_reconnection_token`. The buffer holds at most 1,000 messages or
// 16 MiB (the documented capacity); past that the connection is closed and cannot be recovered.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { OutboundBudget } from '../shared/outbound-bound.js';

/** The service keeps a dropped reliable connection for at least 30 s (client-spec §1.4). */
export const RECOVERY_WINDOW_MS = 30_000;

interface Pending {
  readonly sequenceId: number;
  readonly frame: Buffer;
}

export class ReliableSession {
  readonly #budget = new OutboundBudget('reliable message buffer');
  #lastSequenceId = 0;
  /** Unacknowledged frames in sequence order; `#head` skips acknowledged ones without shifting. */
  #pending: Pending[] = [];
  #head = 0;

  /** Numbers and buffers the next message; returns the overflow reason when the buffer is full. */
  add(build: (sequenceId: number) => Buffer): { frame: Buffer } | { overflow: string } {
    const sequenceId = ++this.#lastSequenceId;
    const frame = build(sequenceId);
    const overflow = this.#budget.admit(frame.length);
    if (overflow) return { overflow };
    this.#pending.push({ sequenceId, frame });
    return { frame };
  }

  /** A sequenceAck covers every message up to and including `sequenceId`. */
  acknowledge(sequenceId: number): void {
    let messages = 0;
    let bytes = 0;
    while (this.#head < this.#pending.length) {
      const next = this.#pending[this.#head] as Pending;
      if (next.sequenceId > sequenceId) break;
      messages++;
      bytes += next.frame.length;
      this.#head++;
    }
    this.#budget.remove(messages, bytes);
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Frames not yet acknowledged, oldest first: what a recovered connection gets again. */
  unacknowledged(): Buffer[] {
    return this.#pending.slice(this.#head).map((p) => p.frame);
  }

  get unacknowledgedCount(): number {
    return this.#pending.length - this.#head;
  }

  clear(): void {
    this.#pending = [];
    this.#head = 0;
    this.#budget.reset();
  }
}

/**
 * Reconnection tokens: an HMAC of the connection id under a key made at start, so a token recovers
 * only its own connection and never has to be stored.
 */
export class ReconnectionTokens {
  readonly #key = randomBytes(32);

  issue(connectionId: string): string {
    return createHmac('sha256', this.#key).update(connectionId).digest('base64url');
  }

  verify(connectionId: string, token: string): boolean {
    const expected = Buffer.from(this.issue(connectionId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
