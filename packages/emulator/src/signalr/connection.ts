// One SignalR client connection, whatever its transport and hub protocol: the handshake, decoding
// of what the client sends, and everything the service sends to it.
import type { JWTPayload } from 'jose';
import { messageOut, signalRFrameIn } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import { SerialQueue } from '../shared/serial-queue.js';
import { CLOSE_INTERNAL_ERROR } from '../shared/socket-guard.js';
import { ClientInvocations } from './client-invocations.js';
import { HANDSHAKE_OK, HandshakeReader, handshakeError, resolveHandshake } from './handshake.js';
import { OutboundMessage } from './outbound-message.js';
import {
  type HubProtocol,
  HubProtocolError,
  type InvocationMessage,
  jsonProtocol,
  type MessageReader,
  MessageType,
  OversizeMessageError,
} from './protocols/index.js';
import type { ClientTransport } from './transports/transport.js';

/** Per message (and per unfinished tail of one), on every transport and protocol. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const HANDSHAKE_TIMEOUT_MS = 15_000;
const CLOSE_NORMAL = 1000;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_POLICY = 1008;
const CLOSE_TOO_BIG = 1009;

export const PING = new OutboundMessage((protocol) => protocol.encodePing());

/** What the client endpoint does when a connection opens, is invoked or closes. */
export interface ConnectionEvents {
  opened(conn: SrConnection): void;
  /**
   * The connection stopped being open: the service closed it, the client left, or its transport
   * ended. Exactly once after `opened`; `error` is the reason when the service closed it, `code` the
   * WebSocket close code when there was one.
   */
  left(conn: SrConnection, error: string | undefined, code: number | undefined): void;
  /** A client invocation; resolves to framed bytes to write back as is (a completion), or nothing. */
  invocation(
    conn: SrConnection,
    message: InvocationMessage,
    bytes: Buffer,
  ): Promise<Uint8Array | undefined>;
  /** The transport is finished; exactly once, whether the connection ever opened or not. */
  finished(conn: SrConnection): void;
  /** The upstream seam rejected instead of resolving (a bug there); the connection is closed. */
  upstreamFailed(conn: SrConnection, error: unknown): void;
}

/** What a connection is made from: who, where, and over which transport. */
export type ConnectionInit = Pick<
  SrConnection,
  'id' | 'hub' | 'userId' | 'claims' | 'query' | 'transport' | 'probe'
>;

export class SrConnection {
  /** Groups this connection was added to directly (user-group memberships live in the hub). */
  readonly groups = new Set<string>();
  /** Client results (`:invoke`) waiting for this connection's completion messages. */
  readonly invocations = new ClientInvocations((invocationId, target, args) => {
    if (this.#state !== 'open') return false;
    this.send(new OutboundMessage((p) => p.encodeInvocation(target, args, invocationId)));
    return true;
  });
  readonly id: string;
  readonly hub: string;
  readonly userId: string | undefined;
  /** The verified claims of the token the client connected with. */
  readonly claims: JWTPayload;
  /** The connect query without access_token and id (for upstream's X-ASRS-Client-Query). */
  readonly query: URLSearchParams;
  readonly transport: ClientTransport;
  /** The inspector's hook: client messages are shown while someone watches. */
  readonly probe: Probe;
  /** When the handshake completed (ms since the epoch); 0 before. */
  connectedAt = 0;
  /** Messages the client sent, pings not counted. */
  messagesIn = 0;
  /** Messages sent to the client, pings not counted. */
  messagesOut = 0;
  /** JSON until the handshake picks the protocol: handshake answers are JSON records. */
  #protocol: HubProtocol = jsonProtocol;
  #state: 'handshake' | 'open' | 'closing' | 'closed' = 'handshake';
  readonly #handshake = new HandshakeReader(MAX_MESSAGE_BYTES);
  #reader: MessageReader | undefined;
  /**
   * Client invocations reach the upstream one at a time, in order, as in Microsoft's emulator. At most
   * 1,000 (or 16 MiB) wait for a slow upstream; past that the connection is closed with 1008.
   */
  readonly #upstreamQueue = new SerialQueue(
    'queue of invocations waiting for the upstream',
    (error) => {
      // A seam that rejects is a bug: it costs this connection, not the emulator.
      this.events.upstreamFailed(this, error);
      this.close('Internal error.', CLOSE_INTERNAL_ERROR);
    },
  );
  readonly #handshakeTimer: NodeJS.Timeout;

  constructor(
    init: ConnectionInit,
    readonly events: ConnectionEvents,
  ) {
    ({
      id: this.id,
      hub: this.hub,
      userId: this.userId,
      claims: this.claims,
      query: this.query,
      transport: this.transport,
      probe: this.probe,
    } = init);
    this.#handshakeTimer = setTimeout(
      () => this.#end(CLOSE_PROTOCOL_ERROR, 'No handshake received.'),
      HANDSHAKE_TIMEOUT_MS,
    );
    this.#handshakeTimer.unref();
    init.transport.bind({
      data: (chunk) => this.#receive(chunk),
      overflowed: (reason) => this.close(reason, CLOSE_POLICY),
      closed: (code) => this.#closed(code),
    });
  }

  get protocol(): HubProtocol {
    return this.#protocol;
  }

  send(message: OutboundMessage): void {
    if (this.#state !== 'open') return;
    this.transport.write(message, this.#protocol);
    this.messagesOut++;
  }

  /** Bytes already framed in this connection's protocol (an upstream's completion). */
  sendBytes(bytes: Uint8Array): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.send(new OutboundMessage(() => buffer));
  }

  /** Long polling keeps itself alive; the other transports get a ping. */
  ping(): void {
    if (this.#state === 'open' && !this.transport.inherentKeepAlive) {
      this.transport.write(PING, this.#protocol);
    }
  }

  /** Sends the close message (type 7) with the reason, then ends the transport. */
  close(reason: string | undefined, code = CLOSE_NORMAL): void {
    if (this.#state !== 'open') {
      this.#end(code, reason);
      return;
    }
    this.#leave(reason, this.transport.kind === 'WebSockets' ? code : undefined);
    // allowReconnect false: a close ordered by the service should not be undone by the client.
    const final = new OutboundMessage((p) => p.encodeClose(reason, false));
    this.transport.end({ final, protocol: this.#protocol, code, reason });
  }

  #receive(chunk: Buffer): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    try {
      if (this.#state === 'handshake') {
        const done = this.#handshake.push(chunk);
        if (!done || !this.#completeHandshake(done.record)) return;
        chunk = done.rest;
        if (chunk.length === 0) return;
      }
      for (const payload of (this.#reader as MessageReader).push(chunk)) {
        if (this.#state !== 'open') return;
        this.#dispatch(payload);
      }
    } catch (error) {
      if (!(error instanceof HubProtocolError)) throw error;
      this.close(error.message, error instanceof OversizeMessageError ? CLOSE_TOO_BIG : undefined);
    }
  }

  #completeHandshake(record: Buffer): boolean {
    clearTimeout(this.#handshakeTimer);
    const outcome = resolveHandshake(record, this.transport.transferFormats);
    if ('error' in outcome) {
      this.#end(CLOSE_NORMAL, undefined, handshakeError(outcome.error));
      return false;
    }
    this.#protocol = outcome.protocol;
    this.#reader = outcome.protocol.createReader(MAX_MESSAGE_BYTES);
    this.#state = 'open';
    this.connectedAt = Date.now();
    this.transport.write(HANDSHAKE_OK, this.#protocol);
    this.events.opened(this);
    return true;
  }

  #dispatch(payload: Buffer): void {
    const message = this.#protocol.decode(payload);
    if (message.type !== MessageType.Ping) this.messagesIn++;
    if (this.probe.watching) {
      const event = signalRFrameIn(this.probe, this, message, payload.length);
      if (event) this.probe.record(event);
    }
    if (message.type === MessageType.Invocation) {
      this.#toUpstream(message as InvocationMessage, payload);
    } else if (message.type === MessageType.Completion && 'outcome' in message) {
      // The client's result of a REST `:invoke`; an unknown id is ignored.
      this.invocations.complete(message.invocationId, message.outcome);
    } else if (message.type === MessageType.Close) {
      this.#end(CLOSE_NORMAL); // the client is leaving
    }
    // Pings only prove the client is alive; stream items and cancellations have no hub method to go
    // to in serverless mode, and message types from later versions are ignored.
  }

  #toUpstream(message: InvocationMessage, payload: Buffer): void {
    // Copied, so a small message does not keep the whole chunk it arrived in alive.
    const bytes = Buffer.from(payload);
    const full = this.#upstreamQueue.push(bytes.length, async () => {
      // Invocations still queued when the connection ends are not delivered.
      if (this.#state !== 'open') return;
      const reply = await this.events.invocation(this, message, bytes);
      if (!reply || reply.length === 0) return;
      this.sendBytes(reply);
      if (this.probe.watching) this.#recordReply(reply, message.target);
    });
    if (full) this.close(full, CLOSE_POLICY);
  }

  /** The upstream's completion, as the client got it (JSON without its record separator). */
  #recordReply(reply: Uint8Array, target: string): void {
    const json = this.#protocol.name === 'json';
    const payload = json && reply.at(-1) === 0x1e ? reply.subarray(0, -1) : reply;
    const to = { service: 'signalr', hub: this.hub, recipients: 1, connectionId: this.id } as const;
    const data = { dataType: json ? 'json' : 'binary', payload };
    this.probe.record(
      messageOut(this.probe, { ...to, userId: this.userId }, data, 'completion', target),
    );
  }

  /** Ends the transport without a close message (handshake failures, client close). */
  #end(code: number, reason?: string, final?: OutboundMessage): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    clearTimeout(this.#handshakeTimer);
    if (this.#state === 'open') {
      this.#leave(reason, this.transport.kind === 'WebSockets' ? code : undefined);
    }
    this.#state = 'closing';
    this.transport.end({ final, protocol: this.#protocol, code, reason });
  }

  /** Out of the hub at once, not only once the transport has delivered the close. */
  #leave(error: string | undefined, code: number | undefined): void {
    this.#state = 'closing';
    this.invocations.abandon();
    this.events.left(this, error, code);
  }

  #closed(code: number | undefined): void {
    if (this.#state === 'closed') return;
    clearTimeout(this.#handshakeTimer);
    if (this.#state === 'open') this.#leave(undefined, code);
    this.#state = 'closed';
    this.events.finished(this);
  }
}
