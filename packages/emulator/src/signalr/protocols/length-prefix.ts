// Binary message framing of the SignalR MessagePack protocol: each message is preceded by its length
// as a VarInt (7 bits a byte, least significant group first, high bit = more bytes follow; at most
// 5 bytes, so at most 2 GB). HubProtocol.md specifies it; it is SignalR's, not MessagePack's, so it
// is written here rather than taken from the MessagePack library.
import { type FramedMessage, FramedReader } from './framed-reader.js';
import { HubProtocolError, OversizeMessageError } from './hub-protocol.js';

const MAX_PREFIX_BYTES = 5;
const MAX_LENGTH = 2 ** 31 - 1;

/** `payload` with its VarInt length prefix. */
export function lengthPrefixed(payload: Uint8Array): Buffer {
  let length = payload.length;
  const prefix: number[] = [];
  do {
    let byte = length & 0x7f;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    prefix.push(byte);
  } while (length > 0);
  const out = Buffer.allocUnsafe(prefix.length + payload.length);
  out.set(prefix, 0);
  out.set(payload, prefix.length);
  return out;
}

export class LengthPrefixReader extends FramedReader {
  constructor(maxMessageBytes: number) {
    super(maxMessageBytes, MAX_PREFIX_BYTES);
  }

  protected nextMessage(data: Buffer, offset: number): FramedMessage | undefined {
    const header = readLength(data, offset);
    if (header === undefined) return undefined;
    if (header.length > this.maxMessageBytes) throw new OversizeMessageError(this.maxMessageBytes);
    const start = offset + header.prefixBytes;
    if (data.length - start < header.length) return undefined;
    return { start, end: start + header.length, next: start + header.length };
  }
}

/** The length at `offset`, or undefined when the prefix is not complete yet. */
function readLength(data: Buffer, offset: number) {
  let length = 0;
  for (let i = 0; i < MAX_PREFIX_BYTES; i++) {
    if (offset + i >= data.length) return undefined;
    const byte = data[offset + i] as number;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (length > MAX_LENGTH) throw new HubProtocolError('A message length exceeds 2 GB.');
      return { length, prefixBytes: i + 1 };
    }
  }
  throw new HubProtocolError('A message length prefix is longer than 5 bytes.');
}
