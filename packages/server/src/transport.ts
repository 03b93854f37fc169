// The adapter between the generated clients and hubcast's own sending (sender.ts): one raw client per
// service client instance, whose fetch hands each request to the sender, which signs each attempt.
// hubcast's client runtime calls that fetch with the URL, the RequestInit and the call's options, so a
// request is built once: one URL string, one Headers, one fetch per attempt. Also maps raw results to
// values or RestErrors, because the generated operations return errors as plain objects.
import type { ResolvedRequestOptions } from '@hubcast/webpubsub-rest';
import type { Outgoing } from './attempt.js';
import type { Authorizer } from './auth/authorizer.js';
import type { OperationOptions } from './operation-options.js';
import { restErrorFor } from './response-error.js';
import { createSender } from './sender.js';
import { resolveSendConfig, type TransportOptions } from './transport-options.js';
import { requireEndpoint } from './validation.js';

export type { TransportOptions } from './transport-options.js';

const CALL = Symbol('hubcast.call');

/**
 * Call options that send an already serialized `body` as it is (the runtime's serializer is skipped),
 * with its content type.
 */
export function directBody(body: BodyInit, contentType: string) {
  return {
    body: body as never,
    bodySerializer: null,
    headers: { 'Content-Type': contentType },
  };
}

/**
 * The request options of a call: its abort signal, and (under a symbol key the runtime passes through
 * to fetch) its per-call options for the sender.
 */
export function callOptions(options: OperationOptions = {}): { signal?: AbortSignal } {
  return { signal: options.abortSignal, [CALL]: options } as { signal?: AbortSignal };
}

/** The call's options as the runtime hands them to fetch. */
type CallOptions = ResolvedRequestOptions & { [CALL]?: OperationOptions };

/** A fetch as hubcast's client runtime calls it: `(url, init, options)`, or a Request after interceptors. */
type RuntimeFetch = (
  input: string | URL | Request,
  init?: RequestInit,
  options?: ResolvedRequestOptions,
) => Promise<Response>;

export interface TransportConfig {
  baseUrl: string;
  authorize: Authorizer;
  /** The JWT audience for a final request URL. */
  audienceOf: (url: string) => string;
  /** Origin requests really go to, when it differs from the signed one (reverse proxy, ServerEndpoint). */
  sendTo?: string;
  /** Runs first on every request URL (the raw clients add a default api-version there). */
  prepare?: (url: string) => string;
  /** How success bodies are parsed by default: `text` (read only when asked) or the runtime's `auto`. */
  parseAs?: 'text' | 'auto';
}

/**
 * Checks the options now and returns a getter that builds the raw client on first use (a process that
 * only mints client tokens never builds one).
 */
export function createTransport<C>(
  createClient: (config: { baseUrl: string; fetch: RuntimeFetch; parseAs: 'text' | 'auto' }) => C,
  config: TransportConfig,
  options: TransportOptions,
): () => C {
  const send = createSender(resolveSendConfig(options, config.authorize));
  const rewrite = config.sendTo ? originRewriter(config.baseUrl, config.sendTo) : undefined;
  const { prepare, audienceOf } = config;
  // The last URL resolved: repeated calls (a send loop) skip the URL parse. All three steps are pure.
  let lastUrl: string | undefined;
  let lastTarget = '';
  let lastAudience = '';
  /** The request as the sender takes it, `url` being what fetch sends (WHATWG-normalized: what `aud` must be). */
  const outgoing = (
    url: string,
    method: string,
    headers: Headers,
    body: BodyInit | null | undefined,
    abortSignal: AbortSignal | undefined,
    readsData: boolean,
    call?: OperationOptions,
  ): Outgoing => {
    if (url !== lastUrl) {
      let href = new URL(url).href;
      if (prepare) href = prepare(href);
      lastTarget = rewrite ? rewrite(href) : href;
      lastAudience = audienceOf(href);
      lastUrl = url;
    }
    return {
      url: lastTarget,
      method,
      headers,
      body,
      abortSignal,
      readsData,
      call,
      audience: lastAudience,
      requestId: '',
      tracingContext: undefined,
    };
  };
  const fetch: RuntimeFetch = async (input, init, opts) => {
    if (typeof input === 'string' && init && opts) {
      const call = opts as CallOptions;
      // The body is a string, bytes or a Blob: sent again as it is on a retry. Anything but the
      // default `text` parsing asks for the response body.
      return send(
        outgoing(
          input,
          init.method as string,
          init.headers as Headers,
          init.body,
          call.signal ?? undefined,
          call.parseAs !== 'text',
          call[CALL],
        ),
      );
    }
    // A raw client with the caller's own request interceptors: the Request they returned, its body
    // read once so a retry can send it again.
    const request = input as Request;
    const body = request.body ? await request.arrayBuffer() : undefined;
    const headers = new Headers(request.headers);
    return send(outgoing(request.url, request.method, headers, body, request.signal, true));
  };
  let client: C | undefined;
  return () => {
    // Only operations that return data ask for JSON; the sender reads no other success body.
    client ??= createClient({ baseUrl: config.baseUrl, parseAs: config.parseAs ?? 'text', fetch });
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
