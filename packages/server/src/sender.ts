// Sends one call: the per-call parts (User-Agent, a client request id kept across retries, the caller's
// request options, `perCall` policies, `onResponse`), then the attempts with retries (policy in
// retry.ts), each through the `perRetry` policies, signed on a copy of its headers, logged when it ends.
// Knows nothing of the generated clients' runtime (transport.ts adapts it), so hooks stay when that does.
import { exchange, label, type Outgoing, readBounded, requestIdOf } from './attempt.js';
import { describe, RestError } from './errors.js';
import type { RawResponseCallback } from './operation-options.js';
import {
  type Logger,
  type PipelinePolicy,
  type PipelineRequest,
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
  /** Header names (lowercase) whose values errors and hooks show even if they look like credentials. */
  allowedHeaders: Set<string>;
  /** Query parameters (lowercase) whose values the logger shows, beyond api-version. */
  allowedQuery: Set<string>;
}

/** Request options fetch cannot honour: it reports no progress, and results are always parsed. */
const UNSUPPORTED = ['onUploadProgress', 'onDownloadProgress', 'shouldDeserialize'] as const;

/** Applies the caller's request options and the per-call headers; returns the attempt timeout. */
function prepare(request: Outgoing, config: SendConfig): number {
  const { headers, call } = request;
  const options = call?.requestOptions ?? {};
  for (const name of UNSUPPORTED) {
    if (options[name] !== undefined) {
      throw new TypeError(
        `options.requestOptions.${name} is not supported here (fetch reports no progress, results are always parsed); leave it out, see onResponse`,
      );
    }
  }
  for (const [name, value] of Object.entries(options.customHeaders ?? {})) headers.set(name, value);
  const [agentHeader, agent] = config.userAgent;
  if (!headers.has(agentHeader)) headers.set(agentHeader, agent);
  request.requestId = headers.get(config.requestIdHeader) ?? crypto.randomUUID();
  headers.set(config.requestIdHeader, request.requestId);
  request.tracingContext = call?.tracingOptions?.tracingContext;
  const timeout = config.policy.timeoutInMs;
  return checkNonNegative(options.timeout, 'options.requestOptions.timeout', timeout);
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
    // One attempt: the credential goes on a copy of the headers, after the policies ran.
    const attempt = withPolicies(config.perRetry, async (req) => {
      const headers = new Headers(req.headers);
      authorization = await config.authorize(request.audience, req.abortSignal);
      headers.set('authorization', authorization);
      const { method, url, body } = req;
      return exchange(config.fetch, { method, url, headers, body }, req.abortSignal as AbortSignal);
    });
    /** Hands the logger the attempt that just ended. */
    const log = (retryCount: number, started: number, response?: Response, error?: unknown) => {
      const entry = {
        method,
        url: sanitizeUrl(url, config.allowedQuery),
        status: response?.status,
        durationMs: Date.now() - started,
        retryCount,
        requestId: request.requestId,
        serviceRequestId: response && requestIdOf(response.headers),
        error: response ? undefined : String((error as Error)?.message ?? error),
      };
      (logger as Logger)(
        `${method} ${entry.url} → ${response ? entry.status : `failed: ${entry.error}`} in ${entry.durationMs} ms (retry ${retryCount}, request id ${entry.requestId})`,
        entry,
      );
    };

    const withRetries = async (req: PipelineRequest): Promise<Response> => {
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
          // A fresh object per attempt (policies may keep it), built without a spread (V8 copies
          // spreads slowly).
          const { url, method, headers, body, requestId, tracingContext } = req;
          response = await attempt({
            url,
            method,
            headers,
            body,
            requestId,
            tracingContext,
            retryCount: retry,
            abortSignal: controller.signal,
          });
          if (last || !isRetriableStatus(response.status, idempotent, invocation)) {
            const read = await readBounded(response, request, controller.signal);
            signal?.throwIfAborted();
            // Only an error answer needs it (errors and raw results redact with it).
            if (!read.ok)
              recordSent(read, { request, authorization, allowed: config.allowedHeaders });
            return read;
          }
          delay = retryAfterMs(response.headers);
          // Free the connection before waiting.
          await response.body?.cancel().catch(() => {});
        } catch (error) {
          failure = error;
          if (signal?.aborted) throw signal.reason;
          const summary = summarizeRequest(request, config.allowedHeaders);
          // A refused redirect or an oversized result: the same request would get the same answer.
          if (error instanceof RestError) throw describe(error, summary);
          const refused = refusedByFetch(error);
          if (last || refused || !(idempotent || (!timedOut && neverConnected(error)))) {
            const reason = refused
              ? `was refused by fetch before it was sent (${refused}), so nothing reached the service`
              : timedOut
                ? `timed out after ${timeout} ms`
                : `failed: ${(error as Error)?.message ?? error}${codeOf(error)}`;
            // Say why a send was not repeated, so the caller knows a retry may duplicate it.
            const note =
              last || refused ? '' : '; not retried: the service may already have processed it';
            throw new RestError(`${label(request)} ${reason}${note}`, {
              code: RestError.REQUEST_SEND_ERROR,
              cause: timedOut ? undefined : error,
              request: summary,
            });
          }
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (logger) log(retry, started, response, failure);
        }
        await sleep(Math.min(delay ?? backoffMs(policy, retry), policy.maxRetryDelayInMs), signal);
      }
    };

    // Policies see the request only: not the caller's options (their custom headers may hold a key).
    const { body, requestId, abortSignal, tracingContext, headers } = request;
    const seen = { method, url, headers, body, requestId, abortSignal, tracingContext };
    const response = await withPolicies(config.perCall, withRetries)(seen);
    if (call?.onResponse) {
      await notify(call.onResponse, response, request, config, authorization);
    }
    return response;
  };
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
    parsed = JSON.parse(text);
  } catch {}
  const failed = !response.ok && !(response.status === 404 && request.method === 'HEAD');
  const error = failed ? restErrorFor(response, parsed) : undefined;
  const summary = summarizeRequest(request, config.allowedHeaders);
  onResponse(
    error?.response ?? summarizeResponse(response, summary, config.allowedHeaders, text, parsed),
    response.ok ? parsed : undefined,
    error,
  );
}
