// The RestError of an answer that is not 2xx, built from what the generated client parsed and what the
// sender recorded about the request (its bearer token, to cut echoes of it, and the header allow-list).
import { requestIdOf } from './attempt.js';
import { RestError } from './errors.js';
import type { RequestSummary } from './operation-options.js';
import { redactor, summarizeRequest, summarizeResponse } from './redaction.js';

/** What the sender knows about the request an answer came from. */
export interface SentWith {
  /** The request as sent (Authorization is not in its headers). */
  request: { url: string; method: string; headers: Headers; requestId: string };
  /** The Authorization header of the attempt that got the answer. */
  authorization?: string;
  /** Header names whose values errors and hooks show. */
  allowed: Set<string>;
}

const sent = new WeakMap<Response, SentWith>();

/** Records how `response` was obtained (the sender calls this for every final response). */
export function recordSent(response: Response, how: SentWith): void {
  sent.set(response, how);
}

/** The request summary of a recorded response's request. */
export function requestOf(response: Response | undefined): RequestSummary | undefined {
  const how = response && sent.get(response);
  return how && summarizeRequest(how.request, how.allowed);
}

/** Longest service text kept in a message; the whole ErrorDetail stays in `details`. */
const MESSAGE_TEXT_MAX = 500;

/**
 * The RestError for a non-2xx response whose body was parsed into `body`. Services and proxies may
 * echo the request's token in their error text, so it is cut from the message, details and body text,
 * and before the text is shortened: a cut must not leave half a token that no longer matches.
 */
export function restErrorFor(response: Response, body: unknown): RestError {
  const how = sent.get(response);
  const redact = redactor(how?.authorization);
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
  const details = hasDetails ? JSON.parse(redact(JSON.stringify(detail))) : undefined;
  const bodyText = typeof body === 'string' ? body : hasDetails ? JSON.stringify(body) : '';
  const request = how && summarizeRequest(how.request, how.allowed);
  return new RestError(redact(message), {
    statusCode: response.status,
    code,
    details,
    requestId: requestIdOf(response.headers),
    request,
    response:
      request && summarizeResponse(response, request, how.allowed, redact(bodyText), details),
  });
}

/**
 * A raw client's parsed error body with JWTs and the request's token cut (an error interceptor), so a
 * caller of the generated operations never gets an echoed credential in `error` either.
 */
export function redactParsed(error: unknown, response: Response | undefined): unknown {
  if (!response || error instanceof Error) return error;
  const redact = redactor(sent.get(response)?.authorization);
  return typeof error === 'string' ? redact(error) : JSON.parse(redact(JSON.stringify(error)));
}
