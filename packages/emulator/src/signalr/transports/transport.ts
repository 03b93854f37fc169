// The one connection abstraction every SignalR transport implements, so the hub, REST sends and the
// hub protocols never care whether a client uses WebSockets, server-sent events or long polling.
import type { OutboundMessage } from '../outbound-message.js';
import type { HubProtocol, TransferFormat } from '../protocols/index.js';

export type TransportKind = 'WebSockets' | 'ServerSentEvents' | 'LongPolling';

/** How a transport reports to its connection. */
export interface TransportSink {
  /** Bytes the client sent (a WebSocket message, or the body of a send request). */
  data(chunk: Buffer): void;
  /** The client is not keeping up: the outbound bound was passed. The connection closes itself. */
  overflowed(reason: string): void;
  /**
   * The transport is finished (the client left, or an end() completed). Called once, with the
   * WebSocket close code on WebSockets.
   */
  closed(code?: number): void;
}

export interface TransportEnd {
  /** A last message (a close message or a handshake answer), written even past the outbound bound. */
  readonly final?: OutboundMessage | undefined;
  readonly protocol: HubProtocol;
  /** The WebSocket close code; the HTTP transports have none. */
  readonly code: number;
  readonly reason?: string | undefined;
}

export interface ClientTransport {
  readonly kind: TransportKind;
  /** What negotiate advertises for this transport. */
  readonly transferFormats: readonly TransferFormat[];
  /** Long polling keeps a connection alive by polling, so it gets no pings. */
  readonly inherentKeepAlive: boolean;
  bind(sink: TransportSink): void;
  /** The half-transports (server-sent events, long polling) take client messages from POST bodies. */
  receive?(chunk: Buffer): void;
  write(message: OutboundMessage, protocol: HubProtocol): void;
  /** Ends the transport once `final` (if any) is delivered. Safe to call more than once. */
  end(how: TransportEnd): void;
}

/** The transports negotiate offers, with their transfer formats, as ASP.NET Core and the service do. */
export const AVAILABLE_TRANSPORTS = [
  { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
  { transport: 'ServerSentEvents', transferFormats: ['Text'] },
  { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
] as const;
