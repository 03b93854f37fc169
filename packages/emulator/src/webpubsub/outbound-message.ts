// A message on its way to many connections. Each codec's shared wire form (raw payload for plain
// WebSockets, the JSON or protobuf envelope) is built at most once and the same frame goes to every
// socket; reliable connections number their own copy.
import type { BroadcastFrame } from '../shared/broadcast-frame.js';
import type { DataMessage, DataType, Envelope, Metadata, WpsCodec } from './protocols/index.js';

export class OutboundMessage implements DataMessage {
  readonly #frames = new Map<WpsCodec, BroadcastFrame>();
  #lastCodec: WpsCodec | undefined;
  #lastFrame: BroadcastFrame | undefined;

  /**
   * @param payload - the message bytes: JSON text for `json` (already validated), UTF-8 text for
   *   `text`, raw bytes for `binary`, an encoded `google.protobuf.Any` for `protobuf`.
   */
  constructor(
    readonly dataType: DataType,
    readonly payload: Buffer,
    readonly envelope: Envelope,
    readonly metadata: Metadata | undefined = undefined,
  ) {}

  /** The frame every non-reliable connection of this codec receives. */
  frameFor(codec: WpsCodec): BroadcastFrame {
    // Most recipients of a broadcast speak the same codec as the one before: no lookup for them.
    if (codec === this.#lastCodec) return this.#lastFrame as BroadcastFrame;
    let frame = this.#frames.get(codec);
    if (!frame) {
      frame = codec.sharedFrame(this);
      this.#frames.set(codec, frame);
    }
    this.#lastCodec = codec;
    this.#lastFrame = frame;
    return frame;
  }
}
