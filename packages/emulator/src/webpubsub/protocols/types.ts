// What every Web PubSub subprotocol codec reads and writes. Requests are decoded into one shape so the
// request handler never sees JSON or protobuf; codecs encode control frames and data messages.
import type { BroadcastFrame } from '../../shared/broadcast-frame.js';

/** `protobuf` is an encoded `google.protobuf.Any`, sent only by protobuf clients. */
export type DataType = 'json' | 'text' | 'binary' | 'protobuf';

export type Metadata = Readonly<Record<string, string>>;

export interface RequestPayload {
  readonly dataType: DataType;
  /** JSON text for json, UTF-8 for text, raw bytes for binary, the encoded Any for protobuf. */
  readonly bytes: Buffer;
  readonly metadata?: Metadata | undefined;
}

/** A decoded client request of the json / protobuf subprotocols. */
export type ClientRequest =
  | { readonly type: 'joinGroup' | 'leaveGroup'; readonly group: string; readonly ackId?: number }
  | {
      readonly type: 'sendToGroup';
      readonly group: string;
      readonly ackId?: number;
      readonly noEcho: boolean;
      readonly payload: RequestPayload;
    }
  | {
      readonly type: 'event';
      readonly event: string;
      readonly ackId?: number;
      readonly payload: RequestPayload;
    }
  | {
      readonly type: 'invoke';
      readonly invocationId: string;
      readonly event: string;
      readonly payload: RequestPayload | undefined;
    }
  | { readonly type: 'cancelInvocation'; readonly invocationId: string }
  | { readonly type: 'sequenceAck'; readonly sequenceId: number }
  | { readonly type: 'ping' };

/**
 * A frame the service declines: the connection is closed with `code` (1003 wrong frame type, 1007
 * not a valid protocol message), as the docs say ("the service declines the client") and as
 * Microsoft's emulator does.
 */
export interface DecodeError {
  readonly type: 'invalid';
  readonly code: 1003 | 1007;
  readonly reason: string;
}

/** Ack error names of the docs (concept-client-protocols.md, "Ack Response"). */
export type AckErrorName = 'Forbidden' | 'InternalServerError' | 'Duplicate';

export type ControlFrame =
  | {
      readonly type: 'ack';
      readonly ackId: number;
      readonly error?: { readonly name: AckErrorName; readonly message: string };
    }
  | {
      readonly type: 'connected';
      readonly connectionId: string;
      readonly userId: string | undefined;
      readonly reconnectionToken?: string;
    }
  | { readonly type: 'disconnected'; readonly reason: string }
  | { readonly type: 'pong' }
  | {
      readonly type: 'invokeResponse';
      readonly invocationId: string;
      readonly error?: { readonly name: string; readonly message: string };
      readonly payload?: RequestPayload;
    };

/** Where a data message comes from; REST group sends are group messages too. */
export type Envelope =
  | { readonly from: 'server' }
  | { readonly from: 'group'; readonly group: string; readonly fromUserId?: string | undefined };

/** A data message as the codecs need it (implemented by OutboundMessage). */
export interface DataMessage {
  readonly dataType: DataType;
  readonly payload: Buffer;
  readonly envelope: Envelope;
  readonly metadata: Metadata | undefined;
}

export interface WpsCodec {
  /** The subprotocol name; undefined for a plain WebSocket. */
  readonly subprotocol: string | undefined;
  /** Reliable subprotocols number data messages and recover dropped connections. */
  readonly reliable: boolean;
  /** Decodes one client frame; plain clients have no requests (their frames are user events). */
  decode(data: Buffer, isBinary: boolean): ClientRequest | DecodeError;
  /** Encodes a control frame; undefined when the protocol has none (plain WebSockets). */
  control(frame: ControlFrame): { readonly data: Buffer; readonly binary: boolean } | undefined;
  /** A data message for non-reliable connections, framed once and shared by every recipient. */
  sharedFrame(message: DataMessage): BroadcastFrame;
  /** A data message numbered for one reliable connection. */
  numberedFrame(message: DataMessage, sequenceId: number): Buffer;
  /** True when data messages are binary WebSocket frames. */
  readonly binaryFrames: boolean;
}
