// Turns the docs' recorded HTTP blocks (fixtures/) into real requests: placeholders get concrete values,
// Host and Content-Length go (the client sets them), and ce-signature gets the service's value, an HMAC
// computed here with node:crypto, independently of the code under test.
import { createHmac } from 'node:crypto';

/** The service's two access keys, as a connection string would carry them. */
export const PRIMARY_KEY = 'T3BlblNlc2FtZS1wcmltYXJ5LWtleS1mb3ItdGVzdHMtMDEyMzQ1Njc4OQ==';
export const SECONDARY_KEY = 'c2Vjb25kYXJ5LWtleS1mb3ItdGVzdHMtOTg3NjU0MzIxMC1hYmNkZWZnaA==';
export const connectionString = (key: string, endpoint = 'https://contoso.webpubsub.azure.com') =>
  `Endpoint=${endpoint};AccessKey=${key};Version=1.0;`;

/** What each placeholder of the docs' examples becomes. */
export const VALUES: Record<string, string> = {
  '{hub}': 'chat',
  '{hub_name}': 'chat',
  '{connectionId}': 'conn-1a2b',
  '{clientId}': 'mqtt-client-7',
  '{userId}': 'alice',
  '{eventId}': 'evt-42',
  '{physicalConnectionId}': 'phys-9',
  '{sessionId}': 'session-3',
  '<event_name>': 'chatMessage',
  '{eventName}': 'publish',
  '{Reason}': 'closed by the client',
  '{request/MIME}': 'text/plain',
  '{request-property-1}': 'trace',
  '{request-property-value1}': 'abc123',
  '{mqtt-request-payload}': 'hello over mqtt',
};

/** The docs' binary example payload (`"data": "aGVsbG8gd29ybGQ="`). */
export const BINARY_EXAMPLE = new Uint8Array(Buffer.from('aGVsbG8gd29ybGQ=', 'base64'));

export function hmacHex(key: string, connectionId: string): string {
  return createHmac('sha256', key).update(connectionId).digest('hex');
}

export interface Recorded {
  method: string;
  path: string;
  headers: [string, string][];
  body: Uint8Array;
}

export interface RecordOptions {
  /** Keys the "service" signs with (default: primary and secondary). */
  signWith?: string[];
  /** Sign for this connection id instead of the request's (a replay). */
  signFor?: string;
  /** Replace, add (string) or drop (null) headers, by lower-case name. */
  headers?: Record<string, string | null>;
  body?: Uint8Array | string;
  path?: string;
}

/** A docs block as a request the service would send. */
export function recorded(block: string, options: RecordOptions = {}): Recorded {
  let text = block;
  for (const [placeholder, value] of Object.entries(VALUES))
    text = text.split(placeholder).join(value);
  const split = text.indexOf('\n\n');
  const head = split === -1 ? text : text.slice(0, split);
  let bodyText = split === -1 ? '' : text.slice(split + 2);
  if (bodyText.endsWith('\n')) bodyText = bodyText.slice(0, -1);
  const [requestLine = '', ...headerLines] = head.split('\n');
  const [method = '', path = ''] = requestLine.split(' ');
  let headers = headerLines
    .map(
      (line) =>
        [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()] as [
          string,
          string,
        ],
    )
    .filter(([name]) => !/^(host|content-length)$/i.test(name));
  const connectionId =
    headers.find(([name]) => name.toLowerCase() === 'ce-connectionid')?.[1] ?? '';
  const keys = options.signWith ?? [PRIMARY_KEY, SECONDARY_KEY];
  headers = headers.map(([name, value]) =>
    name.toLowerCase() === 'ce-signature'
      ? [
          name,
          keys.map((key) => `sha256=${hmacHex(key, options.signFor ?? connectionId)}`).join(','),
        ]
      : [name, value],
  );
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers = headers.filter(([existing]) => existing.toLowerCase() !== name);
    if (value !== null) headers.push([name, value]);
  }
  const body =
    options.body !== undefined
      ? typeof options.body === 'string'
        ? new TextEncoder().encode(options.body)
        : options.body
      : bodyText === '<binary data>'
        ? BINARY_EXAMPLE
        : new TextEncoder().encode(bodyText);
  return { method, path: options.path ?? path, headers, body };
}

export function toRequest(recordedRequest: Recorded, origin = 'http://app.test'): Request {
  const { method, path, headers, body } = recordedRequest;
  return new Request(`${origin}${path}`, {
    method,
    headers,
    body:
      method === 'GET' || method === 'HEAD' || (method === 'OPTIONS' && body.length === 0)
        ? undefined
        : (body as Uint8Array<ArrayBuffer>),
  });
}

/** Sends a recorded request over real HTTP and reads the whole answer. */
export async function send(origin: string, recordedRequest: Recorded) {
  const response = await fetch(toRequest(recordedRequest, origin));
  const body = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    body,
    text: new TextDecoder().decode(body),
  };
}

/** A promise and its resolver, for callbacks the test waits for. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
