// The contract every SignalR hub protocol (json, messagepack) implements, and the messages the
// emulator reads from clients. Spec: dotnet/aspnetcore src/SignalR/docs/specs/HubProtocol.md.

export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
} as const;

export type TransferFormat = 'Text' | 'Binary';

/** A client's invocation of a hub method (type 1); without `invocationId` it expects no completion. */
export interface InvocationMessage {
  readonly type: typeof MessageType.Invocation;
  readonly invocationId?: string;
  readonly target: string;
  readonly arguments: readonly unknown[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly streamIds?: readonly string[];
}

/** A client's completion (type 3): the result of a service-to-client invocation (client results). */
export interface CompletionMessage {
  readonly type: typeof MessageType.Completion;
  readonly invocationId: string;
  readonly outcome: CompletionOutcome;
}

/** What a client may send after the handshake, as far as the emulator needs to tell messages apart. */
export type ClientMessage =
  | InvocationMessage
  | CompletionMessage
  | { readonly type: typeof MessageType.Close; readonly error?: string }
  /** Ping, stream items, cancellations and types added by later protocol versions. */
  | { readonly type: number; readonly ignored: true };

/** The outcome carried by a completion message (type 3). */
export type CompletionOutcome =
  | { readonly error: string }
  | { readonly result: unknown }
  /** A void result. */
  | Record<string, never>;

/** A message that breaks the protocol; the connection is closed with this reason. */
export class HubProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubProtocolError';
  }
}

/** Splits incoming bytes into whole messages, keeping an unfinished tail for the next chunk. */
export interface MessageReader {
  /**
   * The payloads of the complete messages in `chunk` (framing removed). Throws HubProtocolError on
   * bad framing, and when one message (or an unfinished tail) exceeds the size limit.
   */
  push(chunk: Buffer): Buffer[];
  /** Bytes of an unfinished message kept for the next chunk. */
  readonly pendingBytes: number;
}

export interface HubProtocol {
  /** The name clients ask for in the handshake. */
  readonly name: 'json' | 'messagepack';
  /** Index for per-protocol caches (0, 1, …). */
  readonly slot: number;
  readonly transferFormat: TransferFormat;
  /** The protocol versions the handshake accepts. */
  readonly versions: readonly number[];
  /** The Content-Type of this protocol's messages in upstream requests. */
  readonly contentType: string;
  createReader(maxMessageBytes: number): MessageReader;
  /** Decodes one unframed message. Throws HubProtocolError. */
  decode(payload: Buffer): ClientMessage;
  /**
   * Each encoder returns the framed message, ready for the wire. An invocation with an id expects the
   * client's completion (client results).
   */
  encodeInvocation(target: string, args: readonly unknown[], invocationId?: string): Buffer;
  /** One item of the stream the client opened with the invocation `invocationId`. */
  encodeStreamItem(invocationId: string, item: unknown): Buffer;
  encodeCompletion(invocationId: string, outcome: CompletionOutcome): Buffer;
  encodePing(): Buffer;
  encodeClose(error: string | undefined, allowReconnect: boolean): Buffer;
}

export class OversizeMessageError extends HubProtocolError {
  constructor(readonly limit: number) {
    super(`A message exceeds ${limit} bytes.`);
    this.name = 'OversizeMessageError';
  }
}
