// Reads a request body with a size limit: a declared Content-Length over the limit is refused before
// anything is read, and a body without one is counted while it streams, so an oversize request never
// sits in memory whole.

/** Default limit: the services cap a client message at 1 MB; this leaves room for framing and headers. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A request body that cannot be accepted; `status` is the answer (413 or 400). */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export function checkMaxBodyBytes(value: unknown, name: string): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer (bytes)`);
  }
  return value;
}

export function tooLarge(maxBytes: number): BodyError {
  return new BodyError(413, `The request body is larger than the limit of ${maxBytes} bytes`);
}

/** Whether a declared Content-Length already exceeds the limit. */
export function declaredTooLarge(
  contentLength: string | null | undefined,
  maxBytes: number,
): boolean {
  return contentLength != null && Number(contentLength) > maxBytes;
}

export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declaredTooLarge(declared, maxBytes)) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  if (declared !== null) {
    // The length is known and small enough: one read is the fast path.
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

const decoder = new TextDecoder();

export function utf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Parses a JSON body; an empty body is `empty`. Malformed JSON is a 400 naming what was expected. */
export function parseJson(bytes: Uint8Array, what: string, empty?: unknown): unknown {
  if (bytes.length === 0 && empty !== undefined) return empty;
  try {
    return JSON.parse(utf8(bytes));
  } catch {
    throw new BodyError(400, `The ${what} body is not valid JSON`);
  }
}

/** The exact bytes as an ArrayBuffer (copied only when the view does not span its whole buffer). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer as ArrayBuffer;
  }
  // A copy of just these bytes (not `bytes.slice()`: on Node that may return a view of a shared pool).
  return new Uint8Array(bytes).buffer;
}
