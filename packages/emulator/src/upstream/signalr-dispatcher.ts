// The SignalR upstream seam (signalr/upstream.ts) implemented over HTTP, as the service does in
// serverless mode: `connected` / `disconnected` to the `connections` category (fire and forget, the
// second after the first), client invocations to `messages` in the client's hub protocol. For an
// invocation with an id, a 200 body is forwarded to the client as is, once checked to be well-formed
// messages that complete this invocation (a broken one would break the client's protocol reader); a
// 204 or an empty 200 gives an empty completion; any other status, a timeout or an unreachable
// upstream gives an error completion (HttpServerlessMessageHandler.cs). Calls no template matches
// are ignored, as the service ignores them. Retries: none, as in Microsoft's emulator (the service
// documents none); each call is made once.
import type { SrConnection } from '../signalr/connection.js';
import type { HubProtocol } from '../signalr/protocols/index.js';
import type { ClientInvocation, SignalRUpstream } from '../signalr/upstream.js';
import { type CallReporter, startTimer } from './call-report.js';
import { type UpstreamAnswer, UpstreamError, type UpstreamHttp } from './http-call.js';
import { type Category, findUpstream, type UpstreamTemplate } from './settings.js';
import { CONNECTED_BODY, disconnectedBody, upstreamHeaders } from './signalr-request.js';
import { displayUrl } from './url-template.js';

export interface SignalRDispatcherOptions {
  readonly templates: readonly UpstreamTemplate[];
  readonly accessKey: string;
  readonly http: UpstreamHttp;
  readonly reporter: CallReporter;
}

interface Call {
  readonly category: Category;
  readonly event: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

interface Handled {
  readonly reply: Uint8Array | undefined;
  readonly ok: boolean;
  readonly outcome: string;
}

export class SignalRDispatcher implements SignalRUpstream {
  /** Each connection's `connected` call: its invocations and `disconnected` wait for it. */
  readonly #connected = new WeakMap<SrConnection, Promise<unknown>>();

  constructor(readonly options: SignalRDispatcherOptions) {}

  connected(conn: SrConnection): void {
    const call = {
      category: 'connections',
      event: 'connected',
      contentType: 'application/json',
      body: CONNECTED_BODY,
    } as const;
    this.#connected.set(conn, this.#send(conn, call, notification));
  }

  disconnected(conn: SrConnection, error: string | undefined): void {
    const body = disconnectedBody(error);
    const call = {
      category: 'connections',
      event: 'disconnected',
      contentType: 'application/json',
      body,
    } as const;
    this.#after(conn).then(() => this.#send(conn, call, notification));
  }

  async invocation(
    conn: SrConnection,
    { message, bytes }: ClientInvocation,
  ): Promise<Uint8Array | undefined> {
    await this.#after(conn);
    const call = {
      category: 'messages',
      event: message.target,
      contentType: conn.protocol.contentType,
      body: bytes,
    } as const;
    const { invocationId } = message;
    if (invocationId === undefined) {
      await this.#send(conn, call, notification);
      return undefined;
    }
    const protocol = conn.protocol;
    return this.#send(conn, call, {
      answered: (answer) => completionOf(protocol, invocationId, answer),
      failed: (error) => {
        const text = `Invocation failed, ${failureText(error)}`;
        return {
          reply: protocol.encodeCompletion(invocationId, { error: text }),
          ok: false,
          outcome: text,
        };
      },
    });
  }

  #after(conn: SrConnection): Promise<unknown> {
    return this.#connected.get(conn) ?? Promise.resolve();
  }

  async #send(
    conn: SrConnection,
    call: Call,
    handle: { answered(answer: UpstreamAnswer): Handled; failed(error: UpstreamError): Handled },
  ): Promise<Uint8Array | undefined> {
    const { options } = this;
    const template = findUpstream(options.templates, conn.hub, call.category, call.event);
    if (!template) {
      // As the service: "Upstream for this event is not set, ignore the event".
      if (call.category === 'messages') {
        options.reporter.log(
          `[signalr] no upstream template matches messages/${call.event} in hub ${conn.hub}; the invocation is ignored, as the service ignores it`,
        );
      }
      return undefined;
    }
    const url = template.urlTemplate.expand({
      hub: conn.hub,
      category: call.category,
      event: call.event,
    });
    const finish = startTimer();
    let status: number | undefined;
    let handled: Handled;
    try {
      const headers = upstreamHeaders(
        conn,
        call.category,
        call.event,
        call.contentType,
        options.accessKey,
      );
      const answer = await options.http.call({ method: 'POST', url, headers, body: call.body });
      status = answer.status;
      handled = handle.answered(answer);
    } catch (error) {
      handled = handle.failed(
        error instanceof UpstreamError
          ? error
          : new UpstreamError('broken', `the call could not be made (${(error as Error).message})`),
      );
    }
    options.reporter.report({
      service: 'signalr',
      hub: conn.hub,
      connectionId: conn.id,
      event: call.event,
      category: call.category,
      method: 'POST',
      url: displayUrl(url),
      ...finish(),
      ...(status === undefined ? {} : { status }),
      ok: handled.ok,
      outcome: handled.outcome,
    });
    return handled.reply;
  }
}

/** Calls whose answer only goes to the log: connection events and invocations without an id. */
const notification = {
  answered: ({ status }: UpstreamAnswer): Handled => {
    const ok = status >= 200 && status < 300;
    return {
      reply: undefined,
      ok,
      outcome: ok ? 'delivered' : `the upstream answered ${status}; nothing changes for the client`,
    };
  },
  failed: (error: UpstreamError): Handled => ({
    reply: undefined,
    ok: false,
    outcome: `${failureText(error)}; nothing changes for the client`,
  }),
};

function completionOf(
  protocol: HubProtocol,
  invocationId: string,
  answer: UpstreamAnswer,
): Handled {
  const { status, body } = answer;
  if ((status === 200 && body.length === 0) || status === 204) {
    return {
      reply: protocol.encodeCompletion(invocationId, {}),
      ok: true,
      outcome: 'completed with no result',
    };
  }
  if (status !== 200) {
    // The text Microsoft's emulator sends, so clients see the same error.
    const text = `Invocation failed, status code ${status}`;
    return {
      reply: protocol.encodeCompletion(invocationId, { error: text }),
      ok: false,
      outcome: text,
    };
  }
  const problem = completionProblem(protocol, body, invocationId);
  if (problem) {
    const text = `Invocation failed: the upstream answered a body the client cannot read (${problem}).`;
    return {
      reply: protocol.encodeCompletion(invocationId, { error: text }),
      ok: false,
      outcome: text,
    };
  }
  return { reply: body, ok: true, outcome: `forwarded its answer (${body.length} bytes)` };
}

/** Why `body` is not framed messages in `protocol` that complete `invocationId`, or undefined. */
function completionProblem(
  protocol: HubProtocol,
  body: Buffer,
  invocationId: string,
): string | undefined {
  const reader = protocol.createReader(body.length);
  try {
    const messages = reader.push(body);
    if (reader.pendingBytes > 0) {
      return protocol.name === 'json'
        ? 'a JSON message must end with the 0x1E record separator'
        : 'a MessagePack message is cut short or lacks its length prefix';
    }
    const decoded = messages.map((payload) => protocol.decode(payload));
    const completes = decoded.some(
      (m) => m.type === 3 && 'invocationId' in m && m.invocationId === invocationId,
    );
    return completes ? undefined : `no completion for invocation ${invocationId}`;
  } catch (error) {
    return (error as Error).message;
  }
}

function failureText(error: UpstreamError): string {
  switch (error.kind) {
    case 'timeout':
      return `the upstream did not answer in time (${error.message})`;
    case 'unreachable':
      return `the upstream is ${error.message}`;
    case 'too-large':
      return 'response too large';
    case 'stopped':
      return 'the emulator is shutting down';
    default:
      return error.message;
  }
}
