// The slow-consumer bound of the HTTP transports: what was written for a client and not yet handed
// to the network (server-sent events) or not yet polled (long polling). Past 1,000 messages or
// 16 MiB the connection is closed, so a client that stops reading cannot grow the emulator's memory.
// TODO(after merge): count this with the shared outbound module the WebSocket paths use.

export interface OutboundLimits {
  readonly messages: number;
  readonly bytes: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = { messages: 1000, bytes: 16 * 1024 * 1024 };

export class OutboundBound {
  messages = 0;
  bytes = 0;

  constructor(readonly limits: OutboundLimits = DEFAULT_OUTBOUND_LIMITS) {}

  /** Counts a message; false when it would pass the bound (it is then not counted). */
  admit(size: number): boolean {
    if (this.messages + 1 > this.limits.messages || this.bytes + size > this.limits.bytes) {
      return false;
    }
    this.messages++;
    this.bytes += size;
    return true;
  }

  release(size: number): void {
    this.messages--;
    this.bytes -= size;
  }

  reset(): void {
    this.messages = 0;
    this.bytes = 0;
  }

  /** The close reason the client gets. */
  get reason(): string {
    const { messages, bytes } = this.limits;
    const size = bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
    return `The client is not reading: more than ${messages} messages or ${size} were waiting for it.`;
  }
}
