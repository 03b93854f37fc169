// The slow-consumer bound of the HTTP transports: what was written for a client and not yet handed
// to the network (server-sent events) or not yet polled (long polling). Past 1,000 messages or
// 16 MiB the connection is closed, so a client that stops reading cannot grow the emulator's memory.
// TODO(after merge): count this with the shared outbound module the WebSocket paths use.

export const MAX_OUTBOUND_MESSAGES = 1000;
export const MAX_OUTBOUND_BYTES = 16 * 1024 * 1024;

export class OutboundBound {
  messages = 0;
  bytes = 0;

  /** Counts a message; false when it would pass the bound (it is then not counted). */
  admit(size: number): boolean {
    if (this.messages + 1 > MAX_OUTBOUND_MESSAGES || this.bytes + size > MAX_OUTBOUND_BYTES) {
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
}

export const SLOW_CONSUMER_REASON =
  `The client is not reading: more than ${MAX_OUTBOUND_MESSAGES} messages or ` +
  `${MAX_OUTBOUND_BYTES / 1024 / 1024} MiB were waiting for it.`;
