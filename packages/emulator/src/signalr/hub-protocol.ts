// The SignalR JSON hub protocol (version 1): records end with the 0x1E record separator.
import { BroadcastFrame } from '../shared/broadcast-frame.js';

export const RECORD_SEPARATOR = '\x1e';

export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
} as const;

export function frame(message: object): Buffer {
  return Buffer.from(JSON.stringify(message) + RECORD_SEPARATOR);
}

export const PING_FRAME = new BroadcastFrame(frame({ type: MessageType.Ping }), false);
export const HANDSHAKE_OK_FRAME = Buffer.from(`{}${RECORD_SEPARATOR}`);

/** An invocation serialized once, to be written to every target connection. */
export function invocationFrame(target: string, args: readonly unknown[]): BroadcastFrame {
  return new BroadcastFrame(
    frame({ type: MessageType.Invocation, target, arguments: args }),
    false,
  );
}

/** Service-to-client messages of the current REST API: client results and streams (JSON protocol). */
export const serverMessages = {
  /** An invocation that expects the client's completion (client results). */
  invocation: (invocationId: string, target: string, args: readonly unknown[]) =>
    frame({ type: MessageType.Invocation, invocationId, target, arguments: args }),
  /** One item of the stream the client opened with a stream invocation `invocationId`. */
  streamItem: (invocationId: string, item: unknown) =>
    frame({ type: MessageType.StreamItem, invocationId, item }),
  /** Ends that stream, with an error if given. */
  completion: (invocationId: string, error: string | undefined) =>
    frame(
      error === undefined
        ? { type: MessageType.Completion, invocationId }
        : { type: MessageType.Completion, invocationId, error },
    ),
};

/** `allowReconnect: false`: a close ordered by the app server should not be undone by the client. */
export function closeFrame(reason: string | undefined): Buffer {
  return frame(
    reason
      ? { type: MessageType.Close, error: reason, allowReconnect: false }
      : { type: MessageType.Close, allowReconnect: false },
  );
}

/**
 * Splits incoming text into complete records, keeping an unfinished tail for the next frame. The tail
 * is bounded: a client that never sends a separator would otherwise grow it without limit.
 */
export class RecordReader {
  #pending = '';

  constructor(readonly maxPendingLength: number) {}

  /** The complete records, or undefined when the unfinished tail exceeds `maxPendingLength`. */
  push(text: string): string[] | undefined {
    const parts = (this.#pending + text).split(RECORD_SEPARATOR);
    this.#pending = parts.pop() ?? '';
    return this.#pending.length > this.maxPendingLength ? undefined : parts;
  }
}
