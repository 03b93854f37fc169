// The one error type for failed service calls. It carries what a caller needs to react (status, service
// error code, request id) and never the request itself, so no bearer token or key can leak through it.

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

  constructor(message: string, options: RestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.statusCode = options.statusCode;
    this.code = options.code;
    this.details = options.details;
    this.requestId = options.requestId;
  }

  /** The error's public fields, for logs; the request (and its credentials) is never included. */
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
