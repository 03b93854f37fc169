// The adapter between the generated hey-api clients and hubcast's own sending (sender.ts): one raw
// client per service client instance, a request interceptor that notes what the sender needs (the body
// to send again on a retry, the per-call options, the JWT audience of the final URL), and a fetch that
// hands the request to the sender, which signs each attempt. Also maps raw results to values or
// RestErrors, because hey-api returns errors as plain objects.
import type { Outgoing } from './attempt.js';
import type { Authorizer } from './auth/authorizer.js';
import type { OperationOptions } from './operation-options.js';
import { restErrorFor } from './response-error.js';
import type { FetchLike } from './retry.js';
import { createSender } from './sender.js';
import { resolveSendConfig, type TransportOptions } from './transport-options.js';
import { requireEndpoint } from './validation.js';

export type { TransportOptions } from './transport-options.js';

const DIRECT_BODY = Symbol('hubcast.directBody');
const CALL = Symbol('hubcast.call');

interface DirectBody {
  body: BodyInit;
  contentType: string;
}

/**
 * Call options that send an already serialized `body` straight to fetch. hey-api then builds its
 * Request without a body, so no body stream is made per call only to be set aside (the transport
 * passes the original body to fetch, and again on a retry).
 */
export function directBody(body: BodyInit, contentType: string) {
  // The typed body is left out on purpose: hey-api neither serializes nor attaches it.
  return { body: undefined as never, [DIRECT_BODY]: { body, contentType } };
}

/**
 * The request options of a call: its abort signal, and (under a symbol key hey-api passes through to
 * the interceptor) its per-call options for the sender.
 */
export function callOptions(options: OperationOptions = {}): { signal?: AbortSignal } {
  return { signal: options.abortSignal, [CALL]: options } as { signal?: AbortSignal };
}

/** The options a request interceptor sees. */
interface InterceptedOptions {
  signal?: AbortSignal | null;
  serializedBody?: unknown;
  body?: unknown;
  parseAs?: string;
  [DIRECT_BODY]?: DirectBody;
  [CALL]?: OperationOptions;
}

/** The part of a generated client the transport configures. */
interface RawClient {
  interceptors: {
    request: {
      use(fn: (request: Request, options: InterceptedOptions) => Request): unknown;
    };
  };
}

export interface TransportConfig {
  baseUrl: string;
  authorize: Authorizer;
  /** The JWT audience for a final request URL. */
  audienceOf: (url: string) => string;
  /** Origin requests really go to, when it differs from the signed one (reverse proxy, ServerEndpoint). */
  sendTo?: string;
  /** Runs first on every request (the raw clients add a default api-version there). */
  prepare?: (request: Request) => Request;
  /** How success bodies are parsed by default: `text` (read only when asked) or hey-api's `auto`. */
  parseAs?: 'text' | 'auto';
}

/**
 * Checks the options now and returns a getter that builds the raw client on first use. Building it
 * creates a `Headers` object, which loads Node's whole fetch implementation (tens of ms at startup);
 * a process that only mints client tokens never needs it.
 */
export function createTransport<C extends RawClient>(
  createClient: (config: { baseUrl: string; fetch: FetchLike; parseAs: 'text' | 'auto' }) => C,
  config: TransportConfig,
  options: TransportOptions,
): () => C {
  const send = createSender(resolveSendConfig(options, config.authorize));
  const rewrite = config.sendTo ? originRewriter(config.baseUrl, config.sendTo) : undefined;
  let client: C | undefined;
  return () => {
    if (client) return client;
    /** What the sender needs beyond the Request, noted by the interceptor. */
    const pending = new WeakMap<
      Request,
      Omit<Outgoing, 'method' | 'url' | 'headers' | 'requestId'>
    >();
    client = createClient({
      baseUrl: config.baseUrl,
      // Only operations that return data ask for JSON; the sender reads no other success body.
      parseAs: config.parseAs ?? 'text',
      // hey-api passes the Request its interceptors returned.
      fetch: (input) => {
        const { method, url, headers } = input as Request;
        const target = rewrite ? rewrite(url) : url;
        const noted = pending.get(input as Request);
        return send({ method, url: target, headers, requestId: '', ...noted } as Outgoing);
      },
    });
    client.interceptors.request.use((request, opts) => {
      if (config.prepare) request = config.prepare(request);
      const direct = opts[DIRECT_BODY];
      if (direct) request.headers.set('Content-Type', direct.contentType);
      pending.set(request, {
        // The Request's body stream can be read once; the serialized body is kept for retries.
        body: (direct ? direct.body : (opts.serializedBody ?? opts.body)) as BodyInit | undefined,
        abortSignal: opts.signal ?? undefined,
        // Anything but the default `text` asks for the body.
        readsData: opts.parseAs !== 'text',
        call: opts[CALL],
        audience: config.audienceOf(request.url),
      });
      return request;
    });
    return client;
  };
}

/** Sends requests for the `from` origin to `to` (an origin, optionally with a path prefix). */
function originRewriter(from: string, to: string): (url: string) => string {
  const origin = new URL(from).origin;
  return (url) => (url.startsWith(`${origin}/`) ? to + url.slice(origin.length) : url);
}

/**
 * A link the service answered (a `nextLink`) as the URL to sign, or undefined when it points to
 * another origin than the endpoint's: following it would send the credential there. With a reverse
 * proxy the service's own origin stays the one that counts (tokens are signed for it, and the proxy
 * rewrite applies), and a link on the proxy's endpoint is mapped back to it.
 */
export function ownLink(link: string, baseUrl: string, sendTo?: string): string | undefined {
  const own = new URL(baseUrl).origin;
  const url = new URL(link, `${baseUrl}/`).href;
  if (sendTo && url.startsWith(`${sendTo}/`)) return own + url.slice(sendTo.length);
  return url.startsWith(`${own}/`) ? url : undefined;
}

/** Validates `reverseProxyEndpoint` and returns its URL. */
export function proxyEndpoint(options: TransportOptions): string | undefined {
  if (options.reverseProxyEndpoint === undefined) return undefined;
  return requireEndpoint(
    options.reverseProxyEndpoint,
    'options.reverseProxyEndpoint',
    options.allowInsecureConnection,
  );
}

export interface RawResult {
  data?: unknown;
  error?: unknown;
  response?: Response;
}

/** Returns the response of a successful call; throws the RestError (or abort reason) otherwise. */
export function expectSuccess(result: RawResult): Response {
  const { response } = result;
  if (response === undefined) throw result.error;
  if (!response.ok) throw restErrorFor(response, result.error);
  // The body is in memory by now (the sender read it), so hey-api can fail only to parse JSON; the
  // operations that read data check its shape and report a PARSE_ERROR.
  return response;
}

/** For existence checks: 200 → true, 404 → false, anything else throws. */
export function expectExists(result: RawResult): boolean {
  const { response } = result;
  if (response === undefined) throw result.error;
  if (response.status === 404) return false;
  if (!response.ok) throw restErrorFor(response, result.error);
  return true;
}
