// A message on its way to many connections. Each wire form (raw payload for plain WebSockets, the
// json.webpubsub.azure.v1 envelope) is built at most once and the same frame goes to every socket.
import { BroadcastFrame } from '../shared/broadcast-frame.js';

export type DataType = 'json' | 'text' | 'binary';

export type Envelope =
  | { readonly from: 'server' }
  | { readonly from: 'group'; readonly group: string; readonly fromUserId?: string | undefined };

export class OutboundMessage {
  #plain: BroadcastFrame | undefined;
  #json: BroadcastFrame | undefined;
  #jsonFrameTail: Buffer | undefined;

  /**
   * @param payload - the message bytes: JSON text for `json` (already validated), UTF-8 text for
   *   `text`, raw bytes for `binary`.
   */
  constructor(
    readonly dataType: DataType,
    readonly payload: Buffer,
    readonly envelope: Envelope,
  ) {}

  /** Plain WebSocket clients get the payload as is: a text frame for json/text, binary for binary. */
  get plainFrame(): BroadcastFrame {
    this.#plain ??= new BroadcastFrame(this.payload, this.dataType === 'binary');
    return this.#plain;
  }

  /** The json.webpubsub.azure.v1 `message` frame, serialized once. */
  get jsonFrame(): BroadcastFrame {
    this.#json ??= new BroadcastFrame(this.#jsonMessage(), false);
    return this.#json;
  }

  /** The message without its opening brace, so reliable connections can prefix their sequenceId. */
  get jsonFrameTail(): Buffer {
    this.#jsonFrameTail ??= this.jsonFrame.payload.subarray(1);
    return this.#jsonFrameTail;
  }

  #jsonMessage(): Buffer {
    const env = this.envelope;
    let head = `{"type":"message","from":"${env.from}"`;
    if (env.from === 'group') {
      if (env.fromUserId !== undefined) head += `,"fromUserId":${JSON.stringify(env.fromUserId)}`;
      head += `,"group":${JSON.stringify(env.group)}`;
    }
    head += `,"dataType":"${this.dataType}","data":`;
    // JSON payloads were validated on the way in, so they are embedded as is, not re-serialized.
    return Buffer.concat([Buffer.from(head), this.#dataJson(), Buffer.from('}')]);
  }

  #dataJson(): Buffer {
    switch (this.dataType) {
      case 'json':
        return this.payload;
      case 'text':
        return Buffer.from(JSON.stringify(this.payload.toString('utf8')));
      case 'binary':
        return Buffer.from(`"${this.payload.toString('base64')}"`);
    }
  }
}
