// The Web PubSub events seam (webpubsub/events.ts) implemented over HTTP: each event goes to the
// first event handler whose hub and events match, as CloudEvents signed with the access key, after
// the handler URL passed the abuse-protection check. `connect` and user events wait for the answer;
// `connected` and `disconnected` do not, and a connection's `disconnected` is sent after its
// `connected` call is over. Events no handler takes are answered as with no handler configured.
import type {
  ConnectOutcome,
  ConnectRequest,
  EventConnection,
  EventPayload,
  UserEventOutcome,
  WebPubSubEvents,
} from '../webpubsub/events.js';
import { noEventHandlers } from '../webpubsub/events.js';
import type { AbuseProtection } from './abuse-protection.js';
import { type CallReporter, startTimer } from './call-report.js';
import { type CloudEvent, CONTENT_TYPES, cloudEventHeaders, connectBody } from './cloud-events.js';
import { type UpstreamAnswer, UpstreamError, type UpstreamHttp } from './http-call.js';
import { type EventHandler, findEventHandler } from './settings.js';
import { connectionSignature } from './signature.js';
import { displayUrl } from './url-template.js';
import { connectAnswer, type Interpreted, userEventAnswer } from './webpubsub-answers.js';

export interface WebPubSubDispatcherOptions {
  readonly handlers: readonly EventHandler[];
  readonly accessKey: string;
  readonly http: UpstreamHttp;
  readonly abuseProtection: AbuseProtection;
  readonly reporter: CallReporter;
  /** The `WebHook-Request-Origin` value: the emulator's Web PubSub host. */
  readonly origin: () => string;
}

const JSON_TYPE = 'application/json';

export class WebPubSubDispatcher implements WebPubSubEvents {
  /** Each connection's `connected` call, which its `disconnected` call waits for. */
  readonly #connected = new WeakMap<EventConnection, Promise<unknown>>();

  constructor(readonly options: WebPubSubDispatcherOptions) {}

  async connect(request: ConnectRequest): Promise<ConnectOutcome> {
    const handler = this.#handler(request.hub, 'connect', 'system');
    if (!handler) return noEventHandlers.connect(request);
    const sub = request.claims.sub;
    const event: CloudEvent = {
      kind: 'sys',
      eventName: 'connect',
      hub: request.hub,
      connectionId: request.connectionId,
      userId: typeof sub === 'string' ? sub : undefined,
      subprotocol: undefined,
      connectionState: undefined,
      contentType: JSON_TYPE,
    };
    return this.#send(handler, event, connectBody(request), connectAnswer, (error) => ({
      result: {
        kind: 'refuse',
        status: 500,
        reason: failureSentence('connect event handler', error),
      },
      ok: false,
      outcome: error.message,
    }));
  }

  connected(conn: EventConnection): void {
    this.#connected.set(conn, this.#notify(conn, 'connected', Buffer.from('{}')));
  }

  disconnected(conn: EventConnection, reason: string): void {
    const connected = this.#connected.get(conn) ?? Promise.resolve();
    connected.then(() =>
      this.#notify(conn, 'disconnected', Buffer.from(JSON.stringify({ reason }))),
    );
  }

  async userEvent(
    conn: EventConnection,
    eventName: string,
    payload: EventPayload,
  ): Promise<UserEventOutcome> {
    const handler = this.#handler(conn.hub, eventName, 'user');
    if (!handler) return noEventHandlers.userEvent(conn, eventName, payload);
    const event: CloudEvent = {
      ...this.#connectionFields(conn),
      kind: 'user',
      eventName,
      contentType: CONTENT_TYPES[payload.dataType],
      metadata: payload.metadata,
    };
    return this.#send(handler, event, payload.bytes, userEventAnswer, (error) => ({
      result: { kind: 'failure', status: 500, message: failureSentence('event handler', error) },
      ok: false,
      outcome: error.message,
    }));
  }

  #handler(hub: string, event: string, kind: 'system' | 'user'): EventHandler | undefined {
    return findEventHandler(this.options.handlers, hub, event, kind);
  }

  #connectionFields(conn: EventConnection) {
    return {
      hub: conn.hub,
      connectionId: conn.id,
      userId: conn.userId,
      subprotocol: conn.subprotocol,
      connectionState: conn.connectionState,
    };
  }

  /** A non-blocking system event: the answer only goes to the log. */
  async #notify(conn: EventConnection, eventName: 'connected' | 'disconnected', body: Buffer) {
    const handler = this.#handler(conn.hub, eventName, 'system');
    if (!handler) return;
    const event: CloudEvent = {
      ...this.#connectionFields(conn),
      kind: 'sys',
      eventName,
      contentType: JSON_TYPE,
    };
    await this.#send(
      handler,
      event,
      body,
      ({ status }) => {
        const ok = status >= 200 && status < 300;
        return {
          result: undefined,
          ok,
          outcome: ok
            ? 'delivered'
            : `the handler answered ${status}; nothing changes for the client`,
        };
      },
      (error) => ({
        result: undefined,
        ok: false,
        outcome: `${error.message}; nothing changes for the client`,
      }),
    );
  }

  /** Sends one event (after the abuse-protection check), reports it, and interprets the answer. */
  async #send<T>(
    handler: EventHandler,
    event: CloudEvent,
    body: Buffer,
    interpret: (answer: UpstreamAnswer) => Interpreted<T>,
    failed: (error: UpstreamError) => Interpreted<T>,
  ): Promise<T> {
    const { options } = this;
    const url = handler.urlTemplate.expand({ hub: event.hub, event: event.eventName });
    const finish = startTimer();
    let status: number | undefined;
    let interpreted: Interpreted<T>;
    const refusal = await options.abuseProtection.check(handler.urlTemplate, event.hub);
    if (refusal) {
      interpreted = failed(refusal);
    } else {
      try {
        const signature = connectionSignature(options.accessKey, event.connectionId, 'lower');
        const headers = cloudEventHeaders(event, signature, options.origin());
        const answer = await options.http.call({ method: 'POST', url, headers, body });
        status = answer.status;
        interpreted = interpret(answer);
      } catch (error) {
        interpreted = failed(
          error instanceof UpstreamError
            ? error
            : new UpstreamError(
                'broken',
                `the call could not be made (${(error as Error).message})`,
              ),
        );
      }
    }
    options.reporter.report({
      service: 'webpubsub',
      hub: event.hub,
      connectionId: event.connectionId,
      event: event.eventName,
      method: 'POST',
      url: displayUrl(url),
      ...finish(),
      ...(status === undefined ? {} : { status }),
      ok: interpreted.ok,
      outcome: interpreted.outcome,
    });
    return interpreted.result;
  }
}

/** The reason a client gets when its event could not be delivered. */
function failureSentence(who: string, error: UpstreamError): string {
  switch (error.kind) {
    case 'timeout':
      return `The ${who} did not answer in time (${error.message}).`;
    case 'unreachable':
      return `The ${who} could not be reached.`;
    case 'stopped':
      return 'The emulator is shutting down.';
    default:
      return `The ${who} failed: ${error.message}.`;
  }
}
