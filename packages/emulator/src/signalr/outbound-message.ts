// A message from the service to clients, serialized at most once per hub protocol and once per wire
// form (WebSocket frame, server-sent event), however many connections of any transport it reaches.
import { BroadcastFrame } from '../shared/broadcast-frame.js';
import type { HubProtocol } from './protocols/index.js';

interface Encoded {
  readonly bytes: Buffer;
  frame?: BroadcastFrame;
  event?: Buffer;
}

export class OutboundMessage {
  readonly #encoded: (Encoded | undefined)[] = [];

  /** `encode` returns the framed message in the given protocol; it runs once per protocol. */
  constructor(readonly encode: (protocol: HubProtocol) => Buffer) {}

  /** The framed hub-protocol bytes (what long polling writes). */
  bytes(protocol: HubProtocol): Buffer {
    return this.#of(protocol).bytes;
  }

  /** A complete WebSocket frame: text for a text protocol, binary for a binary one. */
  webSocketFrame(protocol: HubProtocol): BroadcastFrame {
    const encoded = this.#of(protocol);
    encoded.frame ??= new BroadcastFrame(encoded.bytes, protocol.transferFormat === 'Binary');
    return encoded.frame;
  }

  /** A server-sent event carrying the message (text protocols only). */
  serverSentEvent(protocol: HubProtocol): Buffer {
    const encoded = this.#of(protocol);
    encoded.event ??= serverSentEvent(encoded.bytes);
    return encoded.event;
  }

  #of(protocol: HubProtocol): Encoded {
    let encoded = this.#encoded[protocol.slot];
    if (!encoded) {
      encoded = { bytes: this.encode(protocol) };
      this.#encoded[protocol.slot] = encoded;
    }
    return encoded;
  }
}

/**
 * Formats a payload as one unnamed event: a `data: ` line per payload line (a `\r\n` ending loses its
 * `\r`, as the transport spec allows), then a blank line. EventSource joins the lines with `\n`.
 */
export function serverSentEvent(payload: Buffer): Buffer {
  const lines = payload.toString('utf8').split('\n');
  const body = lines.map((line) => `data: ${line.endsWith('\r') ? line.slice(0, -1) : line}\r\n`);
  return Buffer.from(`${body.join('')}\r\n`);
}
