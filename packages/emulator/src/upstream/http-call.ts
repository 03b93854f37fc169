// One HTTP call to the app (an event handler or an upstream), with node:http so header names keep
// their casing and the call can be bounded: a timeout for the whole exchange, a cap on the answer's
// size, and an abort when the emulator stops. Failures are UpstreamError with a kind and a sentence
// that never holds the URL's query (it may carry a key such as `?code=`).
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface UpstreamRequest {
  readonly method: 'POST' | 'OPTIONS';
  readonly url: URL;
  /** Names are sent as written (the services send `ce-connectionId`, `X-ASRS-Hub`, …). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | undefined;
}

export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** `refused`: the handler URL did not pass the abuse-protection check. */
export type UpstreamErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'too-large'
  | 'broken'
  | 'refused'
  | 'stopped';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

const IDLE_SOCKET_MS = 4000;

export interface CallLimits {
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
}

/** Keeps connections to the app alive between calls, and ends every call when the emulator stops. */
export class UpstreamHttp {
  // Idle sockets close after 4 s, before the 5 s keep-alive timeout of a Node.js app server: Node 20's
  // agent keeps them with no timer otherwise (it only shortens its own timeout from the server's hint).
  readonly #http = new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  readonly #https = new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  readonly #stopping = new AbortController();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(readonly limits: CallLimits) {}

  call(request: UpstreamRequest): Promise<UpstreamAnswer> {
    const call = this.#call(request);
    this.#inFlight.add(call);
    const forget = () => this.#inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  async #call(request: UpstreamRequest): Promise<UpstreamAnswer> {
    try {
      return await this.#once(request);
    } catch (error) {
      // A kept-alive socket the app closed just as it was reused: the app never saw the request, so
      // sending it again is safe (the retry Node.js documents for `request.reusedSocket`).
      if (error instanceof StaleSocket) return this.#once(request);
      throw error;
    }
  }

  /**
   * Lets calls in flight (the `disconnected` events of the connections just closed) finish for up to
   * `graceMs`, then ends the rest (they fail with `stopped`) and closes idle connections.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.#inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.allSettled([...this.#inFlight]), grace]);
      clearTimeout(timer);
    }
    this.#stopping.abort();
    this.#http.destroy();
    this.#https.destroy();
  }

  #once({ method, url, headers, body }: UpstreamRequest): Promise<UpstreamAnswer> {
    const { timeoutMs, maxAnswerBytes } = this.limits;
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      if (this.#stopping.signal.aborted) {
        return reject(new UpstreamError('stopped', 'The emulator is stopping.'));
      }
      const outgoing = { ...headers, 'Content-Length': String(body?.byteLength ?? 0) };
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method,
        headers: outgoing,
        agent: secure ? this.#https : this.#http,
        signal: this.#stopping.signal,
      });
      let answered = false;
      const timer = setTimeout(() => {
        req.destroy(new UpstreamError('timeout', `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const fail = (error: unknown) => {
        clearTimeout(timer);
        if (
          !answered &&
          req.reusedSocket &&
          (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        ) {
          return reject(new StaleSocket());
        }
        reject(describe(error, this.#stopping.signal.aborted));
      };
      req.on('error', fail);
      req.on('response', (res) => {
        answered = true;
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxAnswerBytes) {
          res.destroy();
          return fail(tooLarge(maxAnswerBytes));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxAnswerBytes) return res.destroy(tooLarge(maxAnswerBytes));
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
      });
      req.end(body);
    });
  }
}

class StaleSocket extends Error {}

function tooLarge(max: number): UpstreamError {
  return new UpstreamError('too-large', `the answer is larger than ${max / 1024 / 1024} MiB`);
}

function describe(error: unknown, stopping: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (stopping) return new UpstreamError('stopped', 'The emulator is stopping.');
  const code = (error as NodeJS.ErrnoException).code;
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EHOSTUNREACH'
  ) {
    return new UpstreamError('unreachable', `not reachable (${code})`);
  }
  return new UpstreamError('broken', `the connection failed (${code ?? (error as Error).message})`);
}

/**
 * A header value Node.js will send: control characters become spaces, and non-ASCII text goes as its
 * UTF-8 bytes (Node.js writes header strings byte per character), which is what a UTF-8 reader expects.
 */
export function headerValue(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is U+0000 to U+007F
  return /^[\x00-\x7f]*$/.test(clean) ? clean : Buffer.from(clean, 'utf8').toString('latin1');
}
