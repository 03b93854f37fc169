// The one error type for failed service calls. It carries what a caller needs to react (status, service
// error code, request ids) and, as @azure/core-rest-pipeline's RestError does, the request and response,
// both without any credential: the request never holds Authorization (the sender adds it to a copy), and
// header values outside an allow-list read REDACTED (see redaction.ts).
import type { FullOperationResponse, RequestSummary } from './operation-options.js';

/** Fields of a {@link RestError}. */
export interface RestErrorOptions {
  /** HTTP status of the response; absent when no response arrived. */
  statusCode?: number;
  /** The service's error code (`x-ms-error-code` header or the body's `code`), or a hubcast code. */
  code?: string;
  /** The parsed error body (`ErrorDetail`), when the service sent one. */
  details?: unknown;
  /** The service's request id, for support cases. */
  requestId?: string;
  /** The underlying error (for example the network failure). */
  cause?: unknown;
  /** The request, without credentials. */
  request?: RequestSummary;
  /** The response, when one arrived. */
  response?: FullOperationResponse;
}

/** A request that failed: a non-2xx answer, or no answer at all after the retries. */
export class RestError extends Error {
  /** `code` of errors where the request could not be sent (network failure or timeout). */
  static readonly REQUEST_SEND_ERROR = 'REQUEST_SEND_ERROR';
  /** `code` of errors where a success response could not be parsed. */
  static readonly PARSE_ERROR = 'PARSE_ERROR';

  /** Always `RestError`, as in `@azure/core-rest-pipeline`. */
  override readonly name = 'RestError';
  /** HTTP status of the response; absent when no response arrived. */
  readonly statusCode?: number;
  /** The service's error code, or {@link RestError.REQUEST_SEND_ERROR} / {@link RestError.PARSE_ERROR}. */
  readonly code?: string;
  /** The parsed error body (`ErrorDetail`), when the service sent one. */
  readonly details?: unknown;
  /** The service's request id, for support cases. */
  readonly requestId?: string;
  /**
   * The request (URL, method, headers, client request id), without Authorization. Not enumerable, as
   * in `@azure/core-rest-pipeline`, so it stays out of JSON and `console.log` output.
   */
  declare readonly request?: RequestSummary;
  /** The response (status, headers, redacted body text), when one arrived. Not enumerable either. */
  declare readonly response?: FullOperationResponse;

  constructor(message: string, options: RestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = options.statusCode;
    this.code = options.code;
    this.details = options.details;
    this.requestId = options.requestId;
    describe(this, options.request, options.response);
  }

  /** The error's public fields, for logs; the request and response are left out. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      statusCode: this.statusCode,
      code: this.code,
      details: this.details,
      requestId: this.requestId,
    };
  }
}

/** Sets the error's non-enumerable `request` and `response` (once each: later calls fill only gaps). */
export function describe(
  error: RestError,
  request?: RequestSummary,
  response?: FullOperationResponse,
): RestError {
  if (request && !error.request) Object.defineProperty(error, 'request', { value: request });
  if (response && !error.response) Object.defineProperty(error, 'response', { value: response });
  return error;
}
