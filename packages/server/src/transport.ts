// The adapter between the generated hey-api clients and hubcast's own sending (retry.ts, attempt.ts):
// one raw client per service client instance, a request interceptor that signs the final URL (query
// included) and notes what the sender needs, and a fetch that hands the request to the sender. Also
// maps raw results to values or RestErrors, because hey-api returns errors as plain objects.
import { type Outgoing, requestIdOf } from './attempt.js';
import type { Authorizer } from './auth/authorizer.js';
import { RestError } from './errors.js';
import { type FetchLike, type RetryOptions, resolveRetryPolicy, retryingSender } from './retry.js';
import { requireEndpoint } from './validation.js';

/** Options shared by both service clients. */
export interface TransportOptions {
  /** Retry settings (default: 3 retries, 800 ms base delay, 64 s cap). */
  retry?: RetryOptions;
  /** The `@azure/web-pubsub` name of {@link retry}, accepted so migrating needs no option change. */
  retryOptions?: RetryOptions;
  /**
   * Timeout of each attempt in milliseconds, from sending the request to reading the last byte of the
   * answer. Default 30 000 (30 s); 0 turns it off.
   */
  timeoutInMs?: number;
  /** The fetch to use (default: `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Send requests to this origin instead (for example Azure API Management); tokens keep the service URL as `aud`. */
  reverseProxyEndpoint?: string;
  /** Allow http endpoints for hosts other than loopback ones. */
  allowInsecureConnection?: boolean;
}

const DIRECT_BODY = Symbol('hubcast.directBody');

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

/** The options a request interceptor sees. */
interface InterceptedOptions {
  signal?: AbortSignal | null;
  serializedBody?: unknown;
  body?: unknown;
  parseAs?: string;
  [DIRECT_BODY]?: DirectBody;
}

/** The part of a generated client the transport configures. */
interface RawClient {
  interceptors: {
    request: {
      use(
        fn: (request: Request, options: InterceptedOptions) => Request | Promise<Request>,
      ): unknown;
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
}

/**
 * Checks the options now and returns a getter that builds the raw client on first use. Building it
 * creates a `Headers` object, which loads Node's whole fetch implementation (tens of ms at startup);
 * a process that only mints client tokens never needs it.
 */
export function createTransport<C extends RawClient>(
  createClient: (config: { baseUrl: string; fetch: FetchLike; parseAs: 'text' }) => C,
  config: TransportConfig,
  options: TransportOptions,
): () => C {
  const policy = resolveRetryPolicy(options.retry ?? options.retryOptions, options.timeoutInMs);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError('options.fetch must be a function');
  }
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const rewrite = config.sendTo ? originRewriter(config.baseUrl, config.sendTo) : undefined;
  let client: C | undefined;
  return () => {
    if (client) return client;
    const send = retryingSender(baseFetch, policy);
    /** What the sender needs beyond the Request, noted by the interceptor. */
    const pending = new WeakMap<Request, Omit<Outgoing, 'method' | 'url' | 'headers'>>();
    client = createClient({
      baseUrl: config.baseUrl,
      // Only operations that return data ask for JSON; the sender reads no other success body.
      parseAs: 'text',
      // hey-api passes the Request its interceptors returned.
      fetch: (input) => {
        const { method, url, headers } = input as Request;
        const target = rewrite ? rewrite(url) : url;
        return send({ method, url: target, headers, ...pending.get(input as Request) });
      },
    });
    client.interceptors.request.use(async (request, opts) => {
      const direct = opts[DIRECT_BODY];
      if (direct) request.headers.set('Content-Type', direct.contentType);
      pending.set(request, {
        // The Request's body stream can be read once; the serialized body is kept for retries.
        body: (direct ? direct.body : (opts.serializedBody ?? opts.body)) as BodyInit | undefined,
        signal: opts.signal ?? undefined,
        readsData: opts.parseAs === 'json',
      });
      request.headers.set(
        'Authorization',
        await config.authorize(config.audienceOf(request.url), request.signal),
      );
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
  /** The request as sent, Authorization header included. */
  request?: Request;
  response?: Response;
}

const JWT_PATTERN = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** Removes JWTs and the bearer token the request carried (Entra tokens need not be JWTs). */
function redactor(request: Request | undefined): (text: string) => string {
  const token = request?.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  return (text) => {
    const redacted = text.replace(JWT_PATTERN, '[redacted]');
    // A very short token would match ordinary text; real tokens are hundreds of characters.
    return token && token.length >= 16 ? redacted.replaceAll(token, '[redacted]') : redacted;
  };
}

/** Longest service text kept in a message; the whole ErrorDetail stays in `details`. */
const MESSAGE_TEXT_MAX = 500;

/**
 * The RestError for a non-2xx response whose body hey-api parsed into `body`. Services and proxies
 * may echo the request's token in their error text, so it is cut from the message and details, and
 * before the text is shortened: a cut must not leave half a token that no longer matches.
 */
export function restErrorFor(response: Response, body: unknown, request?: Request): RestError {
  const redact = redactor(request);
  const detail =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { code?: unknown; message?: unknown })
      : undefined;
  const code =
    response.headers.get('x-ms-error-code') ??
    (typeof detail?.code === 'string' ? detail.code : undefined);
  const text = redact(
    typeof detail?.message === 'string' ? detail.message : typeof body === 'string' ? body : '',
  )
    .trim()
    .slice(0, MESSAGE_TEXT_MAX);
  const summary = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message = `The service answered ${summary}${code ? ` (${code})` : ''}${text ? `: ${text}` : ''}`;
  const hasDetails = detail !== undefined && Object.keys(detail).length > 0;
  return new RestError(redact(message), {
    statusCode: response.status,
    code,
    details: hasDetails ? JSON.parse(redact(JSON.stringify(detail))) : undefined,
    requestId: requestIdOf(response.headers),
  });
}

/** Returns the response of a successful call; throws the RestError (or abort reason) otherwise. */
export function expectSuccess(result: RawResult): Response {
  const { response } = result;
  if (response === undefined) throw result.error;
  if (!response.ok) throw restErrorFor(response, result.error, result.request);
  // The body is in memory by now (the sender read it), so hey-api can fail only to parse JSON; the
  // operations that read data check its shape and report a PARSE_ERROR.
  return response;
}

/** For existence checks: 200 → true, 404 → false, anything else throws. */
export function expectExists(result: RawResult): boolean {
  const { response } = result;
  if (response === undefined) throw result.error;
  if (response.status === 404) return false;
  if (!response.ok) throw restErrorFor(response, result.error, result.request);
  return true;
}
