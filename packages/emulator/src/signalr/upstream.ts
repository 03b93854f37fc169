// THE SEAM between SignalR clients and an upstream (the app's serverless handlers). The client
// endpoint calls it for every connection that completes its handshake, every client invocation and
// every disconnect, whatever the transport and hub protocol. `noUpstream` is what the service does
// when no upstream is configured; an HTTP implementation (Azure's upstream settings) replaces it.
import type { SrConnection } from './connection.js';
import type { InvocationMessage } from './protocols/index.js';

/** A client invocation (type 1), with or without an invocationId. */
export interface ClientInvocation {
  /** The decoded message. */
  readonly message: InvocationMessage;
  /**
   * The message as the client sent it, in its hub protocol (`conn.protocol`), without framing:
   * JSON text without the 0x1E separator, or MessagePack without the length prefix. This is the body
   * the service posts upstream, with Content-Type `conn.protocol.contentType`.
   */
  readonly bytes: Uint8Array;
}

export interface SignalRUpstream {
  /** The connection completed its handshake. Fire and forget: the client is not kept waiting. */
  connected(conn: SrConnection): void;
  /**
   * The connection is gone. `error` is set when the service closed it with a reason. Fire and forget;
   * called exactly once after `connected`.
   */
  disconnected(conn: SrConnection, error: string | undefined): void;
  /**
   * A client invocation. Calls for one connection are made one at a time, in the order the client
   * sent them. Resolves to bytes written to the client as they are, so they must be framed in the
   * client's protocol (normally a completion for `message.invocationId`; build one with
   * `conn.protocol.encodeCompletion`), or to undefined to send nothing. Must not reject: a rejection
   * closes the connection with an internal error.
   */
  invocation(conn: SrConnection, invocation: ClientInvocation): Promise<Uint8Array | undefined>;
}

/**
 * No upstream configured. The service then ignores client invocations: Microsoft's emulator
 * (`HttpServerlessMessageHandler`: "Upstream for this event is not set, ignore the event") writes
 * nothing back, and the service FAQ says messages from clients are ignored. So `send` is dropped and
 * `invoke` gets no completion: it stays pending until the connection closes.
 */
export const noUpstream: SignalRUpstream = {
  connected: () => {},
  disconnected: () => {},
  invocation: async () => undefined,
};
