// The Error an operation called with `throwOnError: true` throws for an error answer, instead of the
// bare parsed body (no stack, no message, not `instanceof Error`).

const responseErrorBrand = Symbol.for('hubcast.ResponseError');

/**
 * What an operation called with `throwOnError: true` throws when the service answers with an error
 * status. `instanceof` holds across the package's entry points (each bundles its own runtime).
 */
export class ResponseError extends Error {
  /** True for a ResponseError of any entry point's runtime. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && responseErrorBrand in value;
  }

  /** HTTP status of the answer; 0 when there was none. */
  readonly status: number;
  /** The parsed error body (the service's `ErrorDetail`), its text, or `{}` when it was empty. */
  readonly body: unknown;
  /** The response, when one arrived. */
  readonly response: Response | undefined;

  constructor(body: unknown, response?: Response) {
    const text = typeof body === 'string' ? body : (body as { message?: unknown } | null)?.message;
    const status = response?.status ?? 0;
    super(
      `${status ? `The service answered ${status}` : 'The request failed'}${typeof text === 'string' && text ? `: ${text.slice(0, 500)}` : ''}`,
    );
    this.name = 'ResponseError';
    Object.defineProperty(this, responseErrorBrand, { value: true });
    this.status = status;
    this.body = body;
    this.response = response;
  }
}
