// The two keep-alive transports of packages/server/README.md ("A faster transport"), exactly as
// documented there, so item 1 measures what a user would paste: undici's fetch on an Agent pool, and a
// fetch-compatible adapter over undici's lower-level request() on the same kind of pool.
import type { FetchLike } from '@hubcast/server';
import { Agent, request, fetch as undiciFetch } from 'undici';

/** A keep-alive pool; `connections` caps the sockets per origin (match your concurrency). */
export function keepAliveAgent(connections: number): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000 });
}

/** undici's own fetch, on `agent`. */
export function agentFetch(agent: Agent): FetchLike {
  return (input, init) =>
    undiciFetch(input as string, { ...(init as object), dispatcher: agent }) as Promise<Response>;
}

/** Bodies hubcast sends (string, bytes or Blob) as undici's request() takes them. */
async function requestBody(body: RequestInit['body']): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null || typeof body === 'string') return body ?? undefined;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body))
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  throw new TypeError('requestFetch: unsupported body type');
}

/** A fetch-compatible function over undici's request() on `agent`: no WHATWG streams per call. */
export function requestFetch(agent: Agent): FetchLike {
  return async (input, init = {}) => {
    const response = await request(String(input), {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers as Headers,
      body: await requestBody(init.body),
      signal: init.signal ?? undefined,
      dispatcher: agent,
    });
    const bytes = await response.body.arrayBuffer();
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const v of Array.isArray(value) ? value : [value ?? '']) headers.append(name, v);
    }
    return new Response(bytes.byteLength > 0 ? bytes : null, {
      status: response.statusCode,
      headers,
    });
  };
}
