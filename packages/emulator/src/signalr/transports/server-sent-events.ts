// The server-sent events transport (server to client only; the client sends with POST). One
// long-lived text/event-stream response; each message is one unnamed event. Text protocols only.
import type { ServerResponse } from 'node:http';
import { OutboundBudget, type OutboundLimits } from '../../shared/outbound-bound.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { HubProtocol } from '../protocols/index.js';
import type { ClientTransport, TransportEnd, TransportSink } from './transport.js';

/**
 * After end(), a client that does not take the rest of the stream (at most the outbound bound plus
 * the close message) is cut off after this long.
 */
const END_GRACE_MS = 30_000;

export class ServerSentEventsTransport implements ClientTransport {
  readonly kind = 'ServerSentEvents';
  readonly transferFormats = ['Text'] as const;
  readonly inherentKeepAlive = false;
  /** Events handed to the response and not yet flushed to the socket. */
  readonly #unflushed: OutboundBudget;
  #sink: TransportSink | undefined;
  #ending = false;

  /** Starts the event stream on `response`, with `headers` (CORS) added. */
  constructor(
    readonly response: ServerResponse,
    headers: Record<string, string>,
    limits?: OutboundLimits,
  ) {
    this.#unflushed = new OutboundBudget('outbound queue', limits);
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-store',
      pragma: 'no-cache',
      'content-encoding': 'identity',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    // A comment line first, as ASP.NET Core does: some EventSource implementations fire `open`
    // only when data arrives.
    response.write(':\r\n');
  }

  bind(sink: TransportSink): void {
    this.#sink = sink;
    this.response.on('close', () => sink.closed());
  }

  receive(chunk: Buffer): void {
    this.#sink?.data(chunk);
  }

  write(message: OutboundMessage, protocol: HubProtocol): void {
    if (this.#ending || this.response.destroyed) return;
    const event = message.serverSentEvent(protocol);
    const overflow = this.#unflushed.admit(event.length);
    if (overflow) {
      this.#sink?.overflowed(overflow);
      return;
    }
    this.response.write(event, () => this.#unflushed.remove(1, event.length));
  }

  end(how: TransportEnd): void {
    if (this.#ending || this.response.destroyed) return;
    this.#ending = true;
    if (how.final) this.response.write(how.final.serverSentEvent(how.protocol));
    this.response.end();
    // A client that stopped reading would otherwise keep the unflushed events in memory.
    const cutOff = setTimeout(() => this.response.destroy(), END_GRACE_MS);
    cutOff.unref();
    this.response.once('close', () => clearTimeout(cutOff));
  }
}
