// THE SEAM between the Web PubSub client side and the app's event handlers (DESIGN-emulator.md).
// The client endpoint calls `connect` before completing a WebSocket upgrade and `connected` /
// `disconnected` around a connection's life; the client-request handler calls `userEvent` for a plain
// client's frames (event `message`) and for `event` / `invoke` requests of the subprotocols.
// `noEventHandlers` is what the service and Microsoft's emulator do when no handler is configured; an
// implementation that calls the app over HTTP (CloudEvents) plugs in here without touching the callers.
import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose';
import type { DataType } from './protocols/types.js';

/** What the `connect` event carries (the CloudEvents `connect` body, plus the hub). */
export interface ConnectRequest {
  readonly hub: string;
  /** The id the connection gets if it is accepted (the event handler sees it as `ce-connectionId`). */
  readonly connectionId: string;
  /** The verified access token's claims. */
  readonly claims: JWTPayload;
  /** The handshake's query parameters (the access token removed). */
  readonly query: Readonly<Record<string, string[]>>;
  readonly headers: IncomingHttpHeaders;
  /** The subprotocols the client offered, in its order. */
  readonly subprotocols: readonly string[];
  /** TLS client certificates; always empty here, as the emulator speaks plain http. */
  readonly clientCertificates: readonly { readonly thumbprint: string; readonly content: string }[];
}

/** Accepts the connection, optionally overriding what the token said. */
export interface ConnectAccepted {
  readonly kind: 'accept';
  readonly userId?: string;
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
  /** One of the offered subprotocols; the endpoint picks the first supported one otherwise. */
  readonly subprotocol?: string;
  /** Initial `ce-connectionState`, when the handler set one. */
  readonly connectionState?: string;
}

/** Refuses the handshake with this HTTP status and reason. */
export interface ConnectRefused {
  readonly kind: 'refuse';
  readonly status: number;
  readonly reason: string;
}

export type ConnectOutcome = ConnectAccepted | ConnectRefused;

/** A message a client sends to the app: its data, type and optional metadata. */
export interface EventPayload {
  readonly dataType: DataType;
  readonly bytes: Buffer;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

/** The outcome of a user event; the caller turns it into an ack, `invokeResponse`, reply or close. */
export type UserEventOutcome =
  /** No handler matches the hub and event. */
  | { readonly kind: 'no-handler' }
  /** The handler answered 2xx; `reply` is its body, sent back to the client when present. */
  | { readonly kind: 'success'; readonly reply?: EventPayload; readonly connectionState?: string }
  /** The handler answered an error status, timed out or was unreachable. */
  | { readonly kind: 'failure'; readonly status: number; readonly message: string };

/** The connection as the seam sees it (a view of `WpsConnection`). */
export interface EventConnection {
  readonly id: string;
  readonly hub: string;
  readonly userId: string | undefined;
  /** The negotiated subprotocol, undefined for a plain WebSocket. */
  readonly subprotocol: string | undefined;
  /** `ce-connectionState`: kept per connection, set from blocking events' responses. */
  connectionState: string | undefined;
}

export interface WebPubSubEvents {
  /** Blocking: decides whether (and as whom) a client may connect, before the upgrade completes. */
  connect(request: ConnectRequest): Promise<ConnectOutcome>;
  /** Fire-and-forget, after the connection is established. */
  connected(conn: EventConnection): void;
  /** Fire-and-forget, once, when the connection ends (for reliable clients: when recovery ends). */
  disconnected(conn: EventConnection, reason: string): void;
  /** Blocking: a user event (`message` for plain clients). */
  userEvent(conn: EventConnection, event: string, payload: EventPayload): Promise<UserEventOutcome>;
}

const accepted: ConnectOutcome = Object.freeze({ kind: 'accept' });
const noHandler: UserEventOutcome = Object.freeze({ kind: 'no-handler' });

/**
 * No event handler configured. As in the service and Microsoft's emulator: `connect` accepts with
 * what the token says, `connected` / `disconnected` go nowhere, and no user event has a handler (the
 * callers then answer as Microsoft's emulator does: an `InternalServerError` ack or invoke response
 * for subprotocol clients, close code 1011 for a plain client).
 */
export const noEventHandlers: WebPubSubEvents = Object.freeze({
  connect: () => Promise.resolve(accepted),
  connected: () => {},
  disconnected: () => {},
  userEvent: () => Promise.resolve(noHandler),
});
