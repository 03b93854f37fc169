// What both hub-protocol framings share: bytes arrive in chunks of any size, complete messages leave,
// and the unfinished tail waits for the next chunk. A subclass only says where the next message is.
import { type MessageReader, OversizeMessageError } from './hub-protocol.js';

/** Where one complete message lies in the data, and where the one after it starts. */
export interface FramedMessage {
  readonly start: number;
  readonly end: number;
  readonly next: number;
}

export abstract class FramedReader implements MessageReader {
  #pending: Buffer = Buffer.alloc(0);

  /** `framingBytes`: the most bytes of framing an unfinished tail may hold besides its payload. */
  constructor(
    readonly maxMessageBytes: number,
    private readonly framingBytes: number,
  ) {}

  get pendingBytes(): number {
    return this.#pending.length;
  }

  /**
   * The message that starts at `offset`, or undefined when it is not complete yet. Throws
   * HubProtocolError on bad framing and OversizeMessageError on a message over the limit.
   */
  protected abstract nextMessage(data: Buffer, offset: number): FramedMessage | undefined;

  push(chunk: Buffer): Buffer[] {
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const messages: Buffer[] = [];
    let offset = 0;
    for (
      let found = this.nextMessage(data, offset);
      found;
      found = this.nextMessage(data, offset)
    ) {
      messages.push(data.subarray(found.start, found.end));
      offset = found.next;
    }
    // Copied so the tail does not pin a large chunk; bounded so a client that never finishes a
    // message cannot grow it without limit.
    this.#pending = Buffer.from(data.subarray(offset));
    if (this.#pending.length > this.maxMessageBytes + this.framingBytes) {
      throw new OversizeMessageError(this.maxMessageBytes);
    }
    return messages;
  }
}
