// SignalRUpstreamHandler: the app side of Azure SignalR Service upstream (serverless mode). The service
// POSTs connection events and client invocations with `X-ASRS-*` headers; the core is
// `fetch(Request): Promise<Response>`, and `getMiddleware()` serves it from Express or node:http.
// Every request's `X-ASRS-Signature` is checked first. An invocation the client awaits is answered with
// a hub-protocol completion in the client's protocol, which the service relays to the client as is.
import { requireHub } from '../../validation.js';
import { createSignatureVerifier, type SignatureVerifier } from '../shared/access-keys.js';
import { BodyError, checkMaxBodyBytes, parseJson } from '../shared/body.js';
import {
  checkReporter,
  type ErrorReporter,
  optionalFunction,
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
import {
  type Completion,
  contentTypeOf,
  encodeCompletion,
  type HubProtocol,
  parseInvocation,
  protocolOf,
} from './hub-protocol.js';
import type { InvocationContext, SignalRUpstreamHandlerOptions, UpstreamContext } from './types.js';
import { readUpstreamContext } from './upstream-context.js';

type AnyHandler = (args: unknown[], context: InvocationContext) => unknown;

const REQUIRED_HEADERS = [
  ['x-asrs-hub', 'X-ASRS-Hub'],
  ['x-asrs-category', 'X-ASRS-Category'],
  ['x-asrs-event', 'X-ASRS-Event'],
  ['x-asrs-connection-id', 'X-ASRS-Connection-Id'],
] as const;

/**
 * Receives what Azure SignalR Service sends upstream in serverless mode: `connected` and
 * `disconnected`, and the hub methods clients invoke. The type parameter maps method names to their
 * signatures, so handler arguments and results are typed:
 *
 * ```ts
 * interface ChatHub { add(a: number, b: number): number; broadcast(text: string): void }
 * const upstream = new SignalRUpstreamHandler<ChatHub>({
 *   connectionString: env.SIGNALR_CONNECTION_STRING,
 *   handlers: {
 *     add: ([a, b]) => a + b, // completes the client's invoke('add', 1, 2) with 3
 *     broadcast: async ([text], { userId }) => { await service.sendToAll('message', [userId, text]); },
 *   },
 * });
 * ```
 *
 * @typeParam THub - The hub methods clients may invoke, as a map from name to signature.
 */
export class SignalRUpstreamHandler<THub = Record<string, (...args: unknown[]) => unknown>> {
  /** The hub taken, when limited to one (`options.hub`). */
  readonly hub: string | undefined;
  /** The path served, lower case with a trailing slash, when limited to one (`options.path`). */
  readonly path: string | undefined;
  readonly #options: SignalRUpstreamHandlerOptions<THub>;
  readonly #handlers = new Map<string, AnyHandler>();
  readonly #verify: SignatureVerifier | undefined;
  readonly #maxBodyBytes: number;
  readonly #report: ErrorReporter;

  /**
   * @param options - Hub method handlers and connection callbacks, and `connectionString` or
   *   `accessKeys` to verify signatures with.
   * @throws TypeError when no access key is configured (and the check is not explicitly skipped).
   */
  constructor(options: SignalRUpstreamHandlerOptions<THub>) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('options must be an object');
    this.#options = options;
    this.hub = options.hub === undefined ? undefined : requireHub(options.hub, 'options.hub', true);
    if (
      options.path !== undefined &&
      (typeof options.path !== 'string' || !options.path.startsWith('/'))
    ) {
      throw new TypeError('options.path must be a string starting with /');
    }
    this.path = options.path === undefined ? undefined : normalizePath(options.path);
    optionalFunction(options.onConnected, 'options.onConnected');
    optionalFunction(options.onDisconnected, 'options.onDisconnected');
    const handlers: Record<string, unknown> = (options.handlers as Record<string, unknown>) ?? {};
    if (typeof handlers !== 'object' || handlers === null)
      throw new TypeError('options.handlers must be an object');
    for (const [target, handler] of Object.entries(handlers)) {
      if (handler === undefined) continue;
      if (typeof handler !== 'function')
        throw new TypeError(`options.handlers.${target} must be a function`);
      if (this.#handlers.has(target.toLowerCase())) {
        throw new TypeError(
          `options.handlers has ${target} twice (targets match case-insensitively)`,
        );
      }
      this.#handlers.set(target.toLowerCase(), handler as AnyHandler);
    }
    this.#verify = createSignatureVerifier(options, 'options');
    this.#maxBodyBytes = checkMaxBodyBytes(options.maxBodyBytes, 'options.maxBodyBytes');
    this.#report = checkReporter(options.onError, 'options.onError');
  }

  /**
   * Serves one upstream request. Requests outside `path` get 404, other methods 405, other hubs 400.
   * @param request - The incoming request.
   * @param _context - The runtime's context (accepted for symmetry with WebPubSubEventHandler; every
   *   SignalR callback finishes before the response).
   */
  async fetch(request: Request, _context?: WaitUntilContext): Promise<Response> {
    const input = fromRequest(request);
    const notOwned = this.#route(input.method, pathOf(request.url), input.header);
    return toResponse(notOwned ?? (await this.#process(input)));
  }

  /**
   * A middleware for Express (`app.use(upstream.getMiddleware())`) or `http.createServer(...)`.
   * Requests it does not own (no `X-ASRS-Category`, another path or hub) go to `next()`.
   */
  getMiddleware(): NodeMiddleware {
    return createNodeMiddleware({
      route: (method, path, header) => this.#route(method, path, header),
      process: (request) => this.#process(request),
    });
  }

  #route(method: string, path: string, header: HeaderLookup): NotOwned | undefined {
    if (this.path !== undefined && !isUnderPath(path, this.path)) {
      return text(404, `Not found: this handler serves ${this.path}`);
    }
    // Without a path of its own, only requests that look like upstream calls are this handler's.
    if (this.path === undefined && header('x-asrs-category') === null) {
      return text(400, 'The X-ASRS-Category header is missing');
    }
    if (method !== 'POST') return text(405, 'Use POST', { allow: 'POST' });
    const hub = header('x-asrs-hub');
    if (this.hub !== undefined && hub !== null && hub.toLowerCase() !== this.hub.toLowerCase()) {
      return text(400, `The X-ASRS-Hub header names another hub than ${this.hub}`);
    }
    return undefined;
  }

  async #process(request: EventRequest): Promise<EventResponse> {
    try {
      const { header } = request;
      const values: string[] = [];
      for (const [name, label] of REQUIRED_HEADERS) {
        const value = header(name);
        if (!value) return text(400, `The ${label} header is missing`);
        values.push(value);
      }
      const [hub, category, event, connectionId] = values as [string, string, string, string];
      const signature = header('x-asrs-signature');
      if (this.#verify && !(await this.#verify(connectionId, signature))) {
        return text(
          401,
          signature === null
            ? 'The X-ASRS-Signature header is missing'
            : 'The X-ASRS-Signature header does not match the access keys for this connection',
        );
      }
      const context = readUpstreamContext(header, { hub, category, event, connectionId });
      switch (category.toLowerCase()) {
        case 'connections':
          return await this.#connectionEvent(request, context);
        case 'messages':
          return await this.#invocation(request, context);
        default:
          return text(400, 'X-ASRS-Category must be connections or messages');
      }
    } catch (error) {
      if (error instanceof BodyError) return text(error.status, error.message);
      this.#report(error, 'upstream handler');
      return text(500, 'The upstream request could not be handled');
    }
  }

  async #connectionEvent(request: EventRequest, context: UpstreamContext): Promise<EventResponse> {
    const event = context.event.toLowerCase();
    if (event !== 'connected' && event !== 'disconnected') {
      return text(400, 'X-ASRS-Event must be connected or disconnected for connections');
    }
    const callback =
      event === 'connected' ? this.#options.onConnected : this.#options.onDisconnected;
    if (!callback) return empty(200);
    const callbackContext: UpstreamContext & { error?: string } = { ...context };
    if (event === 'disconnected') {
      // A close-connection message: {"Type":11,"Error":"..."} from Microsoft's emulator ("error" too).
      const body = parseJson(await request.body(this.#maxBodyBytes), 'disconnected', {});
      const error = readError(body);
      if (error) callbackContext.error = error;
    }
    const name = event === 'connected' ? 'onConnected' : 'onDisconnected';
    try {
      await (callback as (context: UpstreamContext) => unknown)(callbackContext);
    } catch (error) {
      this.#report(error, name);
      return text(500, `The ${event} event could not be handled`);
    }
    return empty(200);
  }

  async #invocation(request: EventRequest, context: UpstreamContext): Promise<EventResponse> {
    const protocol = protocolOf(mediaTypeOf(request.header('content-type')));
    if (!protocol)
      return text(415, 'An invocation must be application/json or application/x-msgpack');
    const message = parseInvocation(await request.body(this.#maxBodyBytes), protocol);
    if (message.target.toLowerCase() !== context.event.toLowerCase()) {
      return text(400, 'The invocation target does not match X-ASRS-Event');
    }
    const { invocationId } = message;
    const invocationContext: InvocationContext = { ...context, protocol };
    if (invocationId !== undefined) invocationContext.invocationId = invocationId;
    const handler = this.#handlers.get(message.target.toLowerCase());
    if (!handler) {
      const error = `Unknown hub method '${message.target}'`;
      return invocationId === undefined
        ? text(404, error)
        : completion(protocol, invocationId, { error });
    }
    let result: unknown;
    try {
      result = await handler(message.arguments, invocationContext);
    } catch (error) {
      this.#report(error, `handlers.${message.target}`);
      if (invocationId === undefined) return text(500, 'The invocation could not be handled');
      // The client's invoke() rejects with this message; the stack stays here.
      return completion(protocol, invocationId, { error: errorMessage(error) });
    }
    if (invocationId === undefined) return empty(200);
    // 204: the service completes the invocation without a result.
    if (result === undefined) return empty(204);
    return completion(protocol, invocationId, { result });
  }
}

function completion(
  protocol: HubProtocol,
  invocationId: string,
  outcome: Completion,
): EventResponse {
  return {
    status: 200,
    headers: { 'content-type': contentTypeOf(protocol) },
    body: encodeCompletion(protocol, invocationId, outcome),
  };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'The invocation failed';
}

function readError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record.Error ?? record.error;
  return typeof error === 'string' && error !== '' ? error : undefined;
}
