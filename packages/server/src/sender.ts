// Sends one call: the per-call parts (User-Agent, a client request id kept across retries, the caller's
// request options, `perCall` policies, `onResponse`), then the attempts with retries (policy in
// retry.ts), each through the `perRetry` policies, signed on a copy of its headers, logged when it ends.
// Knows nothing of the generated clients' runtime (transport.ts adapts it), so hooks stay when that does.
import { exchange, label, type Outgoing, readBounded, requestIdOf } from './attempt.js';
import { describe, RestError } from './errors.js';
import type { OperationRequestOptions, RawResponseCallback } from './operation-options.js';
import {
  type Logger,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  withPolicies,
} from './pipeline.js';
import { redactor, sanitizeUrl, summarizeRequest, summarizeResponse } from './redaction.js';
import { recordSent, restErrorFor } from './response-error.js';
import {
  backoffMs,
  checkNonNegative,
  codeOf,
  type FetchLike,
  isClientInvocation,
  isIdempotent,
  isRetriableStatus,
  neverConnected,
  type RetryPolicy,
  refusedByFetch,
  retryAfterMs,
  sleep,
} from './retry.js';

/** Everything the sender needs, resolved once per client (transport-options.ts). */
export interface SendConfig {
  fetch: FetchLike;
  policy: RetryPolicy;
  /** The Authorization header for a request to `audience`. */
  authorize: (audience: string, signal?: AbortSignal) => Promise<string>;
  /** User-Agent header name and value. */
  userAgent: readonly [string, string];
  /** The client request id header (`x-ms-client-request-id` unless `telemetryOptions` says otherwise). */
  requestIdHeader: string;
  perCall: PipelinePolicy[];
  perRetry: PipelinePolicy[];
  logger?: Logger;
  /** Header names whose values errors and hooks show. */
  allowedHeaders: Set<string>;
  /** Query parameters whose values the logger shows. */
  allowedQuery: Set<string>;
}

const ignore = () => {};

/** Request options that cannot work over fetch, with what to do instead. */
const UNSUPPORTED: [keyof OperationRequestOptions, string][] = [
  ['onUploadProgress', 'fetch reports no upload progress'],
  ['onDownloadProgress', 'answers are read at once'],
  ['shouldDeserialize', 'results are always parsed; see the raw answer with onResponse'],
];

/** Applies the caller's request options and the per-call headers; returns the attempt timeout. */
function prepare(request: Outgoing, config: SendConfig): number {
  const { headers } = request;
  const options = request.call?.requestOptions;
  let timeout = config.policy.timeoutInMs;
  if (options) {
    for (const [name, why] of UNSUPPORTED) {
      if (options[name] !== undefined) {
        throw new TypeError(`options.requestOptions.${name} is not supported: ${why}`);
      }
    }
    for (const [name, value] of Object.entries(options.customHeaders ?? {}))
      headers.set(name, value);
    timeout = checkNonNegative(options.timeout, 'options.requestOptions.timeout', timeout);
  }
  const [agentHeader, agent] = config.userAgent;
  if (!headers.has(agentHeader)) headers.set(agentHeader, agent);
  request.requestId = headers.get(config.requestIdHeader) ?? crypto.randomUUID();
  headers.set(config.requestIdHeader, request.requestId);
  request.tracingContext = request.call?.tracingOptions?.tracingContext;
  return timeout;
}

/** Wraps `fetch` into the sender of a client. Its Responses hold their body in memory (readBounded). */
export function createSender(config: SendConfig): (request: Outgoing) => Promise<Response> {
  const { policy, logger } = config;
  return async (request) => {
    const timeout = prepare(request, config);
    const { method, url, call } = request;
    const idempotent = isIdempotent(method, url);
    const invocation = isClientInvocation(method, url);
    let authorization: string | undefined;
    const sent = (response: Response, req: PipelineRequest) => {
      recordSent(response, { request, authorization, allowed: config.allowedHeaders });
      return Object.assign(response, { request: req });
    };
    // One attempt: the credential goes on a copy of the headers, after the policies ran.
    const attempt = withPolicies(config.perRetry, async (req) => {
      const signed = new Headers(req.headers);
      authorization = await config.authorize(request.audience, req.abortSignal);
      signed.set('authorization', authorization);
      const response = await exchange(
        config.fetch,
        { ...req, headers: signed },
        req.abortSignal as AbortSignal,
      );
      return Object.assign(response, { request: req });
    });
    const log = (retryCount: number, started: number, response?: Response, error?: unknown) => {
      if (!logger) return;
      const entry = {
        method,
        url: sanitizeUrl(url, config.allowedQuery),
        status: response?.status,
        durationMs: Date.now() - started,
        retryCount,
        requestId: request.requestId,
        serviceRequestId: response && requestIdOf(response.headers),
        error: response ? undefined : error instanceof Error ? error.message : String(error),
      };
      const outcome = response ? `${response.status}` : `failed (${entry.error})`;
      logger(
        `${method} ${entry.url} → ${outcome} in ${entry.durationMs} ms (retry ${retryCount}, request id ${request.requestId})`,
        entry,
      );
    };

    const withRetries = async (req: PipelineRequest): Promise<PipelineResponse> => {
      const signal = req.abortSignal;
      for (let retry = 0; ; retry++) {
        const last = retry >= policy.maxRetries;
        let delay: number | undefined;
        let response: Response | undefined;
        let failure: unknown;
        // Each attempt has its own signal: it follows the caller's, and the timer aborts it.
        const controller = new AbortController();
        let timedOut = false;
        const onAbort = () => controller.abort(signal?.reason);
        const timer =
          timeout > 0
            ? setTimeout(() => {
                timedOut = true;
                controller.abort();
              }, timeout)
            : undefined;
        signal?.addEventListener('abort', onAbort);
        const started = Date.now();
        try {
          signal?.throwIfAborted();
          response = await attempt({ ...req, retryCount: retry, abortSignal: controller.signal });
          if (last || !isRetriableStatus(response.status, idempotent, invocation)) {
            const read = await readBounded(response, request, controller.signal);
            signal?.throwIfAborted();
            return sent(read, req);
          }
          delay = retryAfterMs(response.headers);
          // Free the connection before waiting.
          await response.body?.cancel().catch(ignore);
        } catch (error) {
          failure = error;
          if (signal?.aborted) throw signal.reason;
          const summary = summarizeRequest(request, config.allowedHeaders);
          // A refused redirect or an oversized result: the same request would get the same answer.
          if (error instanceof RestError) throw describe(error, summary);
          const refused = refusedByFetch(error);
          if (last || refused || !(idempotent || (!timedOut && neverConnected(error)))) {
            throw new RestError(
              `${label(request)} ${sendFailure(error, timedOut, timeout, refused, last)}`,
              {
                code: RestError.REQUEST_SEND_ERROR,
                cause: timedOut ? undefined : error,
                request: summary,
              },
            );
          }
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          log(retry, started, response, failure);
        }
        await sleep(Math.min(delay ?? backoffMs(policy, retry), policy.maxRetryDelayInMs), signal);
      }
    };

    const response = await withPolicies(config.perCall, withRetries)(request);
    if (call?.onResponse) await notify(call.onResponse, response, request, config, authorization);
    return response;
  };
}

/** Why an attempt got no answer, and whether repeating it could duplicate the request. */
function sendFailure(
  error: unknown,
  timedOut: boolean,
  timeout: number,
  refused: string | undefined,
  last: boolean,
): string {
  if (refused)
    return `was refused by fetch before it was sent (${refused}), so nothing reached the service`;
  const reason = timedOut
    ? `timed out after ${timeout} ms`
    : `failed: ${error instanceof Error ? error.message : String(error)}${codeOf(error)}`;
  // Say why a send was not repeated, so the caller knows a retry may duplicate it.
  return last ? reason : `${reason}; not retried: the service may already have processed it`;
}

/**
 * Calls `onResponse` with the final response, its parsed body and the error the call will throw. JWTs
 * in the body (a client token from :generateToken, an echoed bearer token) read [redacted] here too.
 */
async function notify(
  onResponse: RawResponseCallback,
  response: Response,
  request: Outgoing,
  config: SendConfig,
  authorization: string | undefined,
): Promise<void> {
  const text = redactor(authorization)(await response.clone().text());
  let parsed: unknown = text || undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  const failed = !response.ok && !(response.status === 404 && request.method === 'HEAD');
  const error = failed ? restErrorFor(response, parsed) : undefined;
  const summary = summarizeRequest(request, config.allowedHeaders);
  const raw =
    error?.response ?? summarizeResponse(response, summary, config.allowedHeaders, text, parsed);
  onResponse(raw, response.ok ? parsed : undefined, error);
}
