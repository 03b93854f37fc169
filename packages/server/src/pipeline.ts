// The construction-time hooks on every request: `additionalPolicies` (shaped like @azure/core-client's,
// to read or change requests and see responses, per call or per attempt) and `loggingOptions.logger`
// (one entry per attempt). They live in the sender, not in the generated clients' runtime, so they see
// exactly what goes on the wire, retries included. Authorization is added after every policy ran, so no
// hook ever sees a credential.

/** A request as policies see it. */
export interface PipelineRequest {
  /** The URL requested, query included (after any reverse-proxy rewrite). Do not change it. */
  url: string;
  /** The HTTP method. */
  method: string;
  /** The request's headers; a policy may add or change them (Authorization is added after it). */
  headers: Headers;
  /** The body: a string, bytes or a Blob; undefined when there is none. */
  body?: BodyInit | null;
  /** The call's client request id (`x-ms-client-request-id`), the same on every attempt. */
  requestId: string;
  /** Retries before this attempt (0 on the first); undefined for `perCall` policies. */
  retryCount?: number;
  /** Aborts the attempt (`perRetry`) or the call (`perCall`). */
  abortSignal?: AbortSignal;
  /** The caller's `tracingOptions.tracingContext`, if any. */
  tracingContext?: unknown;
}

/**
 * A response as policies see it: the fetch Response. Around an attempt (`perRetry`) its body is not
 * read yet; around the call (`perCall`) it is in memory, so `response.clone().text()` is cheap.
 */
export type PipelineResponse = Response;

/** Sends the request on to the rest of the pipeline. */
export type SendRequest = (request: PipelineRequest) => Promise<PipelineResponse>;

/**
 * A pipeline policy, as in `@azure/core-rest-pipeline`: wraps sending, so it can change the request,
 * time the attempt, and see the response or the error.
 */
export interface PipelinePolicy {
  /** A name, for error messages. */
  name: string;
  /** Sends `request` through `next` and returns (or replaces) its response. */
  sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse>;
}

/** Where a policy runs: once around the whole call (`perCall`) or around each attempt (`perRetry`). */
export interface AdditionalPolicyConfig {
  /** The policy. */
  policy: PipelinePolicy;
  /** `perCall`: once per call, around the retries; `perRetry`: around each attempt. */
  position: 'perCall' | 'perRetry';
}

/** What the logger gets for each attempt. */
export interface RequestLogEntry {
  /** The HTTP method. */
  method: string;
  /** The URL without credentials; query values other than api-version and the allowed ones read `REDACTED`. */
  url: string;
  /** The HTTP status; undefined when no response arrived. */
  status?: number;
  /** Milliseconds from sending the request to having the answer. */
  durationMs: number;
  /** Retries before this attempt: 0 on the first. */
  retryCount: number;
  /** The call's client request id (`x-ms-client-request-id`). */
  requestId: string;
  /** The service's request id (`x-ms-request-id`), when it answered with one. */
  serviceRequestId?: string;
  /** Why no response arrived (network failure, timeout), when none did. */
  error?: string;
}

/** Receives one line of text and the same facts as an object for every attempt. */
export type Logger = (message: string, entry: RequestLogEntry) => void;

/** Logging settings, as in `@azure/web-pubsub` plus the logger itself. */
export interface WebPubSubServiceClientLogOptions {
  /**
   * Called after every attempt (so retries show), with a line such as
   * `POST https://…/api/hubs/chat/:send?api-version=2024-12-01 → 202 in 12 ms (retry 0, request id …)`.
   * Any function of strings works, for example `console.debug` or an `@azure/logger` logger.
   */
  logger?: Logger;
  /** Header names whose values are shown in errors and `onResponse` (beyond the built-in allow-list). */
  additionalAllowedHeaderNames?: string[];
  /** Query parameters whose values are logged (api-version always is). */
  additionalAllowedQueryParameters?: string[];
}

/** Runs `policies` around `send`, the first one outermost. */
export function withPolicies(policies: PipelinePolicy[], send: SendRequest): SendRequest {
  return policies.reduceRight<SendRequest>(
    (next, policy) => (request) => policy.sendRequest(request, next),
    send,
  );
}
