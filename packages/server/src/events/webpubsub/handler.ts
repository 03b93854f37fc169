// WebPubSubEventHandler: the app side of Web PubSub event handlers (CloudEvents over HTTP, binary mode).
// A drop-in for `@azure/web-pubsub-express` 1.1.0 (same class, options and callbacks) whose core is
// `fetch(Request): Promise<Response>`, so it runs in any framework or runtime; `getMiddleware()` serves
// it from Express or node:http. Unlike upstream it checks `ce-signature` (401 before any user code),
// answers the abuse-protection OPTIONS only for `allowedEndpoints`, and answers bad requests with a 4xx.

import { requireHub } from '../../validation.js';
import { createSignatureVerifier, type SignatureVerifier } from '../shared/access-keys.js';
import { BodyError, checkMaxBodyBytes, parseJson, toArrayBuffer, utf8 } from '../shared/body.js';
import {
  checkReporter,
  type ErrorReporter,
  optionalFunction,
  runDetached,
  type WaitUntilContext,
} from '../shared/callbacks.js';
import {
  type EventRequest,
  type EventResponse,
  empty,
  fromRequest,
  type HeaderLookup,
  isUnderPath,
  mediaTypeOf,
  type NotOwned,
  normalizePath,
  pathOf,
  text,
  toResponse,
} from '../shared/http.js';
import { createNodeMiddleware, type NodeMiddleware } from '../shared/node-adapter.js';
import { Reply } from '../shared/reply.js';
import { type EventKind, eventKindOf, isObject, readContext } from './context.js';
import type { WebPubSubEventHandlerOptions } from './options.js';
import { connectReply, userEventReply } from './replies.js';
import type { ConnectionContext, ConnectRequest, UserEventRequest } from './requests.js';

const CALLBACKS = [
  'handleConnect',
  'handleUserEvent',
  'onConnected',
  'onGroupJoined',
  'onGroupLeft',
  'onDisconnected',
] as const;

/** The non-blocking events: the callback each one runs. */
const NOTIFICATIONS = {
  connected: 'onConnected',
  disconnected: 'onDisconnected',
  joined: 'onGroupJoined',
  left: 'onGroupLeft',
} as const;

/**
 * Receives the events a Web PubSub hub sends to its event handler URL: `connect` (accept, refuse or
 * shape a client), user events (messages from clients, with typed replies), `connected` and
 * `disconnected`. Every request's `ce-signature` is checked against the access keys first.
 *
 * ```ts
 * const handler = new WebPubSubEventHandler('chat', {
 *   connectionString: env.WEBPUBSUB_CONNECTION_STRING,
 *   handleConnect: (req, res) => res.success({ groups: ['lobby'] }),
 *   handleUserEvent: (req, res) => res.success(`echo: ${req.data}`, 'text'),
 * });
 * app.use(handler.getMiddleware()); // Express; or: export default { fetch: (r) => handler.fetch(r) }
 * ```
 */
export class WebPubSubEventHandler {
  /** The hub whose events this handler takes (`ce-hub`, compared case-insensitively). */
  readonly hub: string;
  /** The path served, lower case with a trailing slash (default `/api/webpubsub/hubs/{hub}/`). */
  readonly path: string;
  readonly #options: WebPubSubEventHandlerOptions;
  readonly #verify: SignatureVerifier | undefined;
  readonly #allowedHosts: ReadonlySet<string> | undefined;
  readonly #maxBodyBytes: number;
  readonly #report: ErrorReporter;
  readonly #hubUpper: string;

  /**
   * @param hub - The hub whose events to take.
   * @param options - Callbacks, and `connectionString` or `accessKeys` to verify signatures with.
   * @throws TypeError when no access key is configured (and the check is not explicitly skipped).
   */
  constructor(hub: string, options: WebPubSubEventHandlerOptions = {}) {
    this.hub = requireHub(hub);
    if (!isObject(options)) throw new TypeError('options must be an object');
    for (const name of CALLBACKS) optionalFunction(options[name], `options.${name}`);
    this.#options = options;
    this.#verify = createSignatureVerifier(options, 'options');
    this.#maxBodyBytes = checkMaxBodyBytes(options.maxBodyBytes, 'options.maxBodyBytes');
    this.#report = checkReporter(options.onError, 'options.onError');
    this.#allowedHosts = allowedHosts(options.allowedEndpoints);
    const path = options.path ?? `/api/webpubsub/hubs/${hub}/`;
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new TypeError('options.path must be a string starting with /');
    }
    this.path = normalizePath(path);
    this.#hubUpper = hub.toUpperCase();
  }

  /**
   * Serves one request: the events of this hub under `path`, and the abuse-protection `OPTIONS`.
   * Other requests get 404 (another path), 405 (another method) or 400 (another hub).
   * @param request - The incoming request.
   * @param context - The runtime's context; its `waitUntil` keeps non-blocking callbacks running after
   *   the response (pass the Workers `ExecutionContext`).
   */
  async fetch(request: Request, context?: WaitUntilContext): Promise<Response> {
    const input = fromRequest(request);
    const notOwned = this.#route(input.method, pathOf(request.url), input.header);
    return toResponse(notOwned ?? (await this.#process(input, context)));
  }

  /**
   * A middleware for Express (`app.use(handler.getMiddleware())`) or `http.createServer(...)`.
   * Requests it does not own go to `next()`.
   */
  getMiddleware(): NodeMiddleware {
    return createNodeMiddleware({
      route: (method, path, header) => this.#route(method, path, header),
      process: (request) => this.#process(request),
    });
  }

  #route(method: string, path: string, header: HeaderLookup): NotOwned | undefined {
    if (!isUnderPath(path, this.path)) {
      return text(404, `Not found: this handler serves ${this.path}`);
    }
    if (method === 'OPTIONS') {
      // Without the header it is not the abuse-protection check (a CORS preflight, say).
      if (header('webhook-request-origin') === null) {
        return text(400, 'The WebHook-Request-Origin header is missing');
      }
      return undefined;
    }
    if (method !== 'POST') {
      return text(405, 'Use POST (events) or OPTIONS', { allow: 'POST, OPTIONS' });
    }
    const hub = header('ce-hub');
    // Another handler on the same path may take this hub's events.
    if (hub !== null && hub.toUpperCase() !== this.#hubUpper) {
      return text(400, `The ce-hub header names another hub than ${this.hub}`);
    }
    return undefined;
  }

  async #process(request: EventRequest, waitUntil?: WaitUntilContext): Promise<EventResponse> {
    try {
      const { header } = request;
      if (request.method === 'OPTIONS')
        return this.#abuseProtection(header('webhook-request-origin'));
      const type = header('ce-type');
      const kind = eventKindOf(type);
      if (kind === undefined) {
        return text(
          400,
          type === null
            ? 'The ce-type header is missing'
            : 'The ce-type header is not a Web PubSub event type',
        );
      }
      const hub = header('ce-hub');
      const connectionId = header('ce-connectionid');
      const origin = header('webhook-request-origin');
      const missing =
        hub === null
          ? 'ce-hub'
          : connectionId === null
            ? 'ce-connectionId'
            : origin === null
              ? 'WebHook-Request-Origin'
              : undefined;
      if (missing) return text(400, `The ${missing} header is missing`);
      const signature = header('ce-signature');
      if (this.#verify && !(await this.#verify(connectionId as string, signature))) {
        return text(
          401,
          signature === null
            ? 'The ce-signature header is missing'
            : 'The ce-signature header does not match the access keys for this connection',
        );
      }
      const context = readContext(
        header,
        {
          hub: hub as string,
          connectionId: connectionId as string,
          origin: origin as string,
          signature,
        },
        type as string,
      );
      return await this.#dispatch(kind, request, context, waitUntil);
    } catch (error) {
      if (error instanceof BodyError) return text(error.status, error.message);
      this.#report(error, 'event handler');
      return text(500, 'The event could not be handled');
    }
  }

  #abuseProtection(origin: string | null): EventResponse {
    if (this.#allowedHosts === undefined) return empty(200, { 'webhook-allowed-origin': '*' });
    if (origin !== null && this.#allowedHosts.has(hostOf(origin))) {
      return empty(200, { 'webhook-allowed-origin': origin.trim() });
    }
    return text(400, 'The WebHook-Request-Origin is not one of options.allowedEndpoints');
  }

  async #dispatch(
    kind: EventKind,
    request: EventRequest,
    context: ConnectionContext,
    waitUntil?: WaitUntilContext,
  ): Promise<EventResponse> {
    if (kind === 'connect') return this.#connect(request, context);
    if (kind === 'user') return this.#userEvent(request, context);
    const name = NOTIFICATIONS[kind];
    const callback = this.#options[name] as ((request: unknown) => unknown) | undefined;
    // Non-blocking: the service does not wait, so answer at once and run the callback after.
    if (!callback) return empty(200);
    const body = parseJson(await request.body(this.#maxBodyBytes), `${kind} event`, {});
    if (!isObject(body)) throw new BodyError(400, `The ${kind} event body must be a JSON object`);
    const notification = { ...body, context };
    runDetached(() => callback(notification), name, this.#report, waitUntil);
    return empty(200);
  }

  async #connect(request: EventRequest, context: ConnectionContext): Promise<EventResponse> {
    const handleConnect = this.#options.handleConnect;
    // As upstream: an unhandled connect is accepted (204 tells an MQTT client "no changes").
    if (!handleConnect) return empty(context.clientProtocol === 'mqtt' ? 204 : 200);
    const body = parseJson(await request.body(this.#maxBodyBytes), 'connect event');
    if (!isObject(body)) throw new BodyError(400, 'The connect event body must be a JSON object');
    const connectRequest = { ...body, context, queries: body.query } as ConnectRequest;
    const reply = new Reply();
    const res = connectReply(connectRequest, reply);
    this.#runBlocking(
      () => handleConnect(connectRequest, res),
      'handleConnect',
      reply,
      () => res.fail(500, 'The connect event could not be handled'),
    );
    return reply.promise;
  }

  async #userEvent(request: EventRequest, context: ConnectionContext): Promise<EventResponse> {
    const handleUserEvent = this.#options.handleUserEvent;
    if (!handleUserEvent) return empty(200);
    const mediaType = mediaTypeOf(request.header('content-type'));
    if (
      mediaType !== 'text/plain' &&
      mediaType !== 'application/json' &&
      mediaType !== 'application/octet-stream'
    ) {
      return text(
        415,
        'A user event must be text/plain, application/json or application/octet-stream',
      );
    }
    const bytes = await request.body(this.#maxBodyBytes);
    const userRequest = (
      mediaType === 'text/plain'
        ? { context, data: utf8(bytes), dataType: 'text' }
        : mediaType === 'application/json'
          ? { context, data: parseJson(bytes, 'user event'), dataType: 'json' }
          : { context, data: toArrayBuffer(bytes), dataType: 'binary' }
    ) as UserEventRequest;
    const reply = new Reply();
    const res = userEventReply(context.states, reply);
    this.#runBlocking(
      () => handleUserEvent(userRequest, res),
      'handleUserEvent',
      reply,
      () => res.fail(500, 'The event could not be handled'),
    );
    return reply.promise;
  }

  /** Runs a blocking callback; a throw before it answered becomes a plain 500 (no stack, no secret). */
  #runBlocking(run: () => unknown, name: string, reply: Reply, fail: () => void): void {
    (async () => {
      await run();
    })().catch((error: unknown) => {
      this.#report(error, name);
      if (!reply.done) fail();
    });
  }
}

function allowedHosts(endpoints: unknown): ReadonlySet<string> | undefined {
  if (endpoints === undefined) return undefined;
  if (!Array.isArray(endpoints))
    throw new TypeError('options.allowedEndpoints must be an array of URLs');
  return new Set(
    endpoints.map((endpoint: unknown, i) => {
      try {
        return new URL(endpoint as string).host.toLowerCase();
      } catch {
        throw new TypeError(`options.allowedEndpoints[${i}] must be an absolute URL`);
      }
    }),
  );
}

/** WebHook-Request-Origin is a host (`<name>.webpubsub.azure.com`); accept a URL too. */
function hostOf(origin: string): string {
  const value = origin.trim().toLowerCase();
  if (!value.includes('://')) return value;
  try {
    return new URL(value).host;
  } catch {
    return value;
  }
}
