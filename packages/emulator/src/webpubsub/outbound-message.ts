// A message on its way to many connections. Each wire form (raw payload for plain WebSockets, the
// json.webpubsub.azure.v1 envelope) is built at most once and the same buffer goes to every socket.

export type DataType = 'json' | 'text' | 'binary';

export type Envelope =
  | { readonly from: 'server' }
  | { readonly from: 'group'; readonly group: string; readonly fromUserId?: string | undefined };

export class OutboundMessage {
  #jsonFrame: Buffer | undefined;
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
  get isBinary(): boolean {
    return this.dataType === 'binary';
  }

  /** The json.webpubsub.azure.v1 `message` frame, serialized once. */
  get jsonFrame(): Buffer {
    if (!this.#jsonFrame) {
      const env = this.envelope;
      let head = `{"type":"message","from":"${env.from}"`;
      if (env.from === 'group') {
        if (env.fromUserId !== undefined) head += `,"fromUserId":${JSON.stringify(env.fromUserId)}`;
        head += `,"group":${JSON.stringify(env.group)}`;
      }
      head += `,"dataType":"${this.dataType}","data":`;
      this.#jsonFrame = Buffer.concat([Buffer.from(head), this.#dataJson(), Buffer.from('}')]);
    }
    return this.#jsonFrame;
  }

  /** The frame without its opening brace, so reliable connections can prefix their sequenceId. */
  get jsonFrameTail(): Buffer {
    this.#jsonFrameTail ??= this.jsonFrame.subarray(1);
    return this.#jsonFrameTail;
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
