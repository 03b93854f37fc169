// The constructor options both clients share, named as in @azure/core-client's CommonClientOptions so
// options written for @azure/web-pubsub type-check here. Each one works, or (where fetch offers no way to
// do it) fails at construction with what to do instead: nothing is silently ignored.
import type { AdditionalPolicyConfig, WebPubSubServiceClientLogOptions } from './pipeline.js';
import { type FetchLike, type RetryOptions, resolveRetryPolicy } from './retry.js';
import type { SendConfig } from './sender.js';
import { userAgentHeader } from './user-agent.js';
import {
  optionalFunction,
  optionalString,
  optionalStringArray,
  requireArray,
  requireFunction,
  requireId,
  requireOneOf,
} from './validation.js';

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
  /** The fetch to use (default: `globalThis.fetch`): a keep-alive pool, a proxy, a test double. */
  fetch?: FetchLike;
  /** Send requests to this origin instead (for example Azure API Management); tokens keep the service URL as `aud`. */
  reverseProxyEndpoint?: string;
  /** Allow http endpoints for hosts other than loopback ones. */
  allowInsecureConnection?: boolean;
  /** A prefix for the User-Agent, e.g. your app's name and version: `myapp/1.2 hubcast/0.2.0 (Node.js/20.20.2)`. */
  userAgentOptions?: UserAgentPolicyOptions;
  /** The header that carries each call's client request id. */
  telemetryOptions?: TelemetryOptions;
  /** A logger for every attempt, and the header and query names whose values may be shown. */
  loggingOptions?: WebPubSubServiceClientLogOptions;
  /** Policies around each call (`perCall`) or each attempt (`perRetry`), e.g. for tracing. */
  additionalPolicies?: AdditionalPolicyConfig[];
  /**
   * Not supported (fetch has no proxy setting): throws at construction. Pass a `fetch` that sends
   * through the proxy, e.g. undici's `fetch` with a `ProxyAgent` dispatcher.
   */
  proxyOptions?: ProxySettings;
  /** Not supported (a Node `http.Agent`): throws at construction. Pass a `fetch` that uses your agent. */
  agent?: unknown;
  /** Not supported: throws at construction. Pass a `fetch` with your TLS settings. */
  tlsOptions?: TlsSettings;
  /** Not supported (an Azure pipeline `HttpClient`): throws at construction. Pass `fetch` instead. */
  httpClient?: HttpClient;
  /**
   * Redirects are never followed (a token is signed for one URL), so only `{ maxRetries: 0 }` is
   * accepted; anything else throws at construction.
   */
  redirectOptions?: RedirectPolicyOptions;
}

/** `userAgentOptions`, as in `@azure/core-rest-pipeline`. */
export interface UserAgentPolicyOptions {
  /** Put before hubcast's own User-Agent. */
  userAgentPrefix?: string;
}

/** `telemetryOptions`, as in `@azure/core-rest-pipeline`. */
export interface TelemetryOptions {
  /** The header of the client request id; default `x-ms-client-request-id`. */
  clientRequestIdHeaderName?: string;
}

/** `proxyOptions`, as in `@azure/core-rest-pipeline` (not supported here). */
export interface ProxySettings {
  /** The proxy host. */
  host: string;
  /** The proxy port. */
  port: number;
  /** The proxy user. */
  username?: string;
  /** The proxy password. */
  password?: string;
}

/** `tlsOptions`, as in `@azure/core-rest-pipeline` (not supported here). */
export interface TlsSettings {
  /** Trusted certificate authorities. */
  ca?: unknown;
  /** Client certificate chain. */
  cert?: unknown;
  /** Client private key. */
  key?: unknown;
  /** Client key and certificate as PFX or PKCS12. */
  pfx?: unknown;
  /** Passphrase of `key` or `pfx`. */
  passphrase?: string;
}

/** An Azure pipeline HTTP client (not supported here). */
export interface HttpClient {
  /** Sends a pipeline request. */
  sendRequest(request: unknown): Promise<unknown>;
}

/** `redirectOptions`, as in `@azure/core-rest-pipeline`. */
export interface RedirectPolicyOptions {
  /** Redirects to follow; only 0 is accepted. */
  maxRetries?: number;
  /** Whether redirects may change origin. */
  allowCrossOriginRedirects?: boolean;
}

/**
 * The options fetch has no way to honour, with what to pass instead (the README shows each with
 * undici). Redirects are never followed: a token is signed for one URL.
 */
const UNSUPPORTED: [keyof TransportOptions, string][] = [
  ['proxyOptions', 'options.fetch that sends through the proxy'],
  ['agent', 'options.fetch that uses the agent'],
  ['tlsOptions', 'options.fetch with the TLS settings'],
  ['httpClient', 'options.fetch'],
  ['redirectOptions', 'no redirectOptions: redirects are never followed'],
];

/** Checks the transport options and resolves what the sender needs. */
export function resolveSendConfig(
  options: TransportOptions,
  authorize: SendConfig['authorize'],
): SendConfig {
  for (const [name, instead] of UNSUPPORTED) {
    // `{ maxRetries: 0 }` asks for what hubcast does anyway.
    if (
      options[name] !== undefined &&
      (options[name] as RedirectPolicyOptions | null)?.maxRetries !== 0
    ) {
      throw new TypeError(`options.${name} is not supported here; pass ${instead}`);
    }
  }
  const { fetch, loggingOptions: logging = {}, additionalPolicies: policies = [] } = options;
  optionalFunction(fetch, 'options.fetch');
  optionalFunction(logging.logger, 'options.loggingOptions.logger');
  requireArray(policies, 'options.additionalPolicies', (config: AdditionalPolicyConfig, name) => {
    requireFunction(config?.policy?.sendRequest, `${name}.policy.sendRequest`);
    return requireOneOf(config.position, `${name}.position`, ['perCall', 'perRetry']);
  });
  const idHeader = options.telemetryOptions?.clientRequestIdHeaderName;
  const at = (position: string) =>
    policies.filter((p) => p.position === position).map((p) => p.policy);
  // Header names compare case-insensitively (Headers yields them lowercased); query names do not.
  const names = (value: unknown, name: string, lower?: boolean) =>
    new Set(
      optionalStringArray(value, `options.loggingOptions.${name}`)?.map((n) =>
        lower ? n.toLowerCase() : n,
      ),
    );
  return {
    fetch: fetch ?? ((input, init) => globalThis.fetch(input, init)),
    policy: resolveRetryPolicy(options.retry ?? options.retryOptions, options.timeoutInMs),
    authorize,
    userAgent: userAgentHeader(
      optionalString(
        options.userAgentOptions?.userAgentPrefix,
        'options.userAgentOptions.userAgentPrefix',
      ),
    ),
    requestIdHeader:
      idHeader === undefined
        ? 'x-ms-client-request-id'
        : requireId(idHeader, 'options.telemetryOptions.clientRequestIdHeaderName'),
    perCall: at('perCall'),
    perRetry: at('perRetry'),
    logger: logging.logger,
    allowedHeaders: names(
      logging.additionalAllowedHeaderNames,
      'additionalAllowedHeaderNames',
      true,
    ),
    allowedQuery: names(
      logging.additionalAllowedQueryParameters,
      'additionalAllowedQueryParameters',
    ),
  };
}
