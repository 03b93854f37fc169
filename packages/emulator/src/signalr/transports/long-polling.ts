// The long-polling transport (server to client only; the client sends with POST). Messages queue
// between polls; a poll takes everything queued, or waits up to the poll timeout for something. A
// newer poll ends an older one with 204; after end(), the poll that follows delivery gets 204 too.
// A client that stops polling is dropped after the disconnect timeout, and its queue is bounded.
import type { ServerResponse } from 'node:http';
import { OutboundBudget, type OutboundLimits } from '../../shared/outbound-bound.js';
import type { OutboundMessage } from '../outbound-message.js';
import type { HubProtocol } from '../protocols/index.js';
import type { ClientTransport, TransportEnd, TransportSink } from './transport.js';

export interface LongPollingTimeouts {
  /** An idle poll is answered 200 with no content after this long (ASP.NET Core: 90 s). */
  readonly pollMs: number;
  /** A connection with no poll in progress for this long is gone (ASP.NET Core: 15 s). */
  readonly disconnectMs: number;
}

export const DEFAULT_LONG_POLLING_TIMEOUTS: LongPollingTimeouts = {
  pollMs: 90_000,
  disconnectMs: 15_000,
};

const NO_CACHE = {
  'cache-control': 'no-cache, no-store',
  pragma: 'no-cache',
  expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
};

interface Poll {
  readonly response: ServerResponse;
  readonly headers: Record<string, string>;
  readonly timer: NodeJS.Timeout;
}

export class LongPollingTransport implements ClientTransport {
  readonly kind = 'LongPolling';
  readonly transferFormats = ['Text', 'Binary'] as const;
  readonly inherentKeepAlive = true;
  readonly #queued: Buffer[] = [];
  readonly #bound: OutboundBudget;
  #sink: TransportSink | undefined;
  #poll: Poll | undefined;
  #idle: NodeJS.Timeout | undefined;
  #ending = false;
  #finished = false;

  constructor(
    readonly timeouts: LongPollingTimeouts = DEFAULT_LONG_POLLING_TIMEOUTS,
    limits?: OutboundLimits,
  ) {
    this.#bound = new OutboundBudget('outbound queue', limits);
    this.#armIdle();
  }

  bind(sink: TransportSink): void {
    this.#sink = sink;
  }

  /** True once the transport is over: the connection token no longer names anything. */
  get finished(): boolean {
    return this.#finished;
  }

  receive(chunk: Buffer): void {
    this.#sink?.data(chunk);
  }

  write(message: OutboundMessage, protocol: HubProtocol): void {
    if (this.#ending || this.#finished) return;
    const bytes = message.bytes(protocol);
    const overflow = this.#bound.admit(bytes.length);
    if (overflow) {
      // What the client never picked up is dropped; the close message replaces it.
      this.#queued.length = 0;
      this.#bound.reset();
      this.#sink?.overflowed(overflow);
      return;
    }
    this.#queued.push(bytes);
    this.#answerPoll();
  }

  /** A GET poll. `headers` (CORS) go on whatever answers it. */
  poll(response: ServerResponse, headers: Record<string, string>): void {
    if (this.#poll) this.#respond(this.#poll, 204); // a newer poll replaces the waiting one
    if (this.#finished) return void send(response, 204, headers);
    clearTimeout(this.#idle);
    const timer = setTimeout(
      () => this.#poll && this.#respond(this.#poll, 200),
      this.timeouts.pollMs,
    );
    timer.unref();
    const poll: Poll = { response, headers, timer };
    this.#poll = poll;
    response.once('close', () => {
      // The client went away mid-poll: it has to come back within the disconnect timeout.
      if (this.#poll !== poll) return;
      clearTimeout(timer);
      this.#poll = undefined;
      this.#armIdle();
    });
    this.#answerPoll();
  }

  /** DELETE: the client ends the connection; a waiting poll gets 204. */
  terminate(): void {
    if (this.#poll) this.#respond(this.#poll, 204);
    this.#finish();
  }

  end(how: TransportEnd): void {
    if (this.#ending || this.#finished) return;
    this.#ending = true;
    if (how.final) this.#queued.push(how.final.bytes(how.protocol));
    this.#answerPoll();
  }

  #answerPoll(): void {
    const poll = this.#poll;
    if (!poll) return;
    if (this.#queued.length > 0) {
      this.#respond(poll, 200, Buffer.concat(this.#queued.splice(0)));
      this.#bound.reset();
    } else if (this.#ending) {
      this.#respond(poll, 204);
      this.#finish();
    }
  }

  #respond(poll: Poll, status: 200 | 204, body?: Buffer): void {
    clearTimeout(poll.timer);
    if (this.#poll === poll) this.#poll = undefined;
    send(poll.response, status, poll.headers, body);
    if (!this.#finished && !this.#poll) this.#armIdle();
  }

  #armIdle(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.#finish(), this.timeouts.disconnectMs);
    this.#idle.unref();
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#idle);
    this.#queued.length = 0;
    this.#bound.reset();
    this.#sink?.closed();
  }
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: Buffer,
): void {
  if (response.writableEnded || response.destroyed) return;
  const type = body ? 'application/octet-stream' : 'text/plain';
  response.writeHead(status, {
    ...headers,
    ...NO_CACHE,
    'content-type': type,
    'content-length': body?.length ?? 0,
  });
  response.end(body);
}
