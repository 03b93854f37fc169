// An HttpClient for the official SDK that sends to a plain-http loopback server while the pipeline
// sees an https URL: @azure/core-rest-pipeline refuses bearer tokens over http, and the Entra ID
// tests need the official client's requests on the recording server. The request target is sent
// exactly as the pipeline built it.
import { request as httpRequest } from 'node:http';

interface PipelineHeaders {
  get(name: string): string | undefined;
  has(name: string): boolean;
  set(name: string, value: string | number | boolean): void;
  delete(name: string): void;
  toJSON(options?: { preserveCase?: boolean }): Record<string, string>;
  [Symbol.iterator](): Iterator<[string, string]>;
}

interface PipelineRequestLike {
  url: string;
  method: string;
  headers: PipelineHeaders;
  body?: unknown;
}

function headersFrom(raw: Record<string, string | string[] | undefined>): PipelineHeaders {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined)
      map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    get: (name) => map.get(name.toLowerCase()),
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => void map.set(name.toLowerCase(), String(value)),
    delete: (name) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}

export function loopbackHttpClient(port: number) {
  return {
    sendRequest(request: PipelineRequestLike) {
      const url = new URL(request.url);
      const target = request.url.slice(url.origin.length);
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: request.method,
            path: target,
            headers: request.headers.toJSON(),
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                request,
                status: res.statusCode ?? 0,
                headers: headersFrom(res.headers),
                bodyAsText: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        req.on('error', reject);
        const body = request.body;
        if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
        else req.end();
      });
    },
  };
}
