// The options every method of both clients takes, with the names and shapes of @azure/core-client's
// OperationOptions, so per-call options written for @azure/web-pubsub type-check and work here.
// The sender (sender.ts) reads them; what hubcast cannot do fails before any request.

/** Options every call takes. */
export interface OperationOptions {
  /** Cancels the call, including its retries and a `Retry-After` wait. */
  abortSignal?: AbortSignal;
  /** Headers and a timeout for this call's requests. */
  requestOptions?: OperationRequestOptions;
  /**
   * Tracing context of the caller (for example the active OpenTelemetry context). hubcast opens no
   * spans of its own; the context is handed to `additionalPolicies` as `request.tracingContext`, so a
   * policy can parent its span on it.
   */
  tracingOptions?: OperationTracingOptions;
  /**
   * Accepted for compatibility with `@azure/web-pubsub`: its XML settings never apply, since every
   * body these APIs exchange is JSON, text or bytes.
   */
  serializerOptions?: SerializerOptions;
  /**
   * Called once per call with the final response (after any retries), its parsed body, and the
   * error the call is about to throw, if any. Header values outside the logging allow-list read
   * `REDACTED`, and no Authorization header is ever included.
   */
  onResponse?: RawResponseCallback;
}

/** Per-call request settings, as in `@azure/core-client`. */
export interface OperationRequestOptions {
  /**
   * Headers added to each request of the call. They cannot replace Authorization; an
   * `x-ms-client-request-id` given here is used as the call's request id.
   */
  customHeaders?: Record<string, string>;
  /** Timeout of each attempt of this call, in milliseconds (overrides `timeoutInMs`; 0: none). */
  timeout?: number;
  /** Not supported: `fetch` reports no upload progress. Passing it throws a TypeError. */
  onUploadProgress?: (progress: TransferProgressEvent) => void;
  /**
   * Not supported: answers are read into memory at once (they are small). Passing it throws a
   * TypeError.
   */
  onDownloadProgress?: (progress: TransferProgressEvent) => void;
  /** Not supported: results are always parsed. Passing it throws a TypeError; use `onResponse`. */
  shouldDeserialize?: boolean | ((response: FullOperationResponse) => boolean);
  /**
   * Accepted for compatibility: the endpoint's scheme is checked once, at construction (set
   * `allowInsecureConnection` there).
   */
  allowInsecureConnection?: boolean;
}

/** Progress of a transfer, as in `@azure/core-rest-pipeline`. */
export interface TransferProgressEvent {
  /** Bytes transferred so far. */
  loadedBytes: number;
}

/** Tracing settings of a call, as in `@azure/core-tracing`. */
export interface OperationTracingOptions {
  /** The caller's tracing context. */
  tracingContext?: unknown;
}

/** Serializer settings of `@azure/core-client`; nothing here uses XML. */
export interface SerializerOptions {
  /** XML parser and builder settings. */
  xml: Record<string, unknown>;
  /** Whether unknown properties are dropped while parsing. */
  ignoreUnknownProperties?: boolean;
}

/** The response a call ended with, as `onResponse` and `RestError.response` show it. */
export interface FullOperationResponse {
  /** The HTTP status. */
  status: number;
  /** The response headers; values outside the allow-list read `REDACTED`. */
  headers: Headers;
  /** The body as text, when it was read (results and error answers). */
  bodyAsText?: string;
  /** The parsed body, when the operation returns data or the service sent an error body. */
  parsedBody?: unknown;
  /** The request that got this response. */
  request: RequestSummary;
}

/** A request as `onResponse`, `RestError.request` and log entries show it. */
export interface RequestSummary {
  /** The URL requested (after any reverse-proxy rewrite). */
  url: string;
  /** The HTTP method. */
  method: string;
  /**
   * The request headers without Authorization (added only on the wire); values outside the
   * allow-list read `REDACTED`.
   */
  headers: Headers;
  /** The call's client request id (`x-ms-client-request-id`), the same on every retry. */
  requestId: string;
}

/** `onResponse`: the final response, its parsed body, and the error the call throws, if any. */
export type RawResponseCallback = (
  rawResponse: FullOperationResponse,
  flatResponse: unknown,
  error?: unknown,
) => void;
