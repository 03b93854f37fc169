// Raw HTTP clients of the SignalR half-transports, written from the transport spec
// (dotnet/aspnetcore src/SignalR/docs/specs/TransportProtocols.md): negotiate, a server-sent events
// reader that can stop reading, and plain requests for polls, sends and deletes.
import { type IncomingMessage, request } from 'node:http';
import { signToken } from '../helpers.js';

export interface RawConnection {
  readonly connectionId: string;
  /** `{endpoint}/client/?hub=…&id=<connectionToken>` */
  readonly url: string;
  readonly token: string;
}

export async function negotiateRaw(
  endpoint: string,
  hub = 'chat',
  user = 'raw',
): Promise<RawConnection> {
  const clientUrl = `${endpoint}/client/?hub=${hub}`;
  const token = await signToken({ aud: clientUrl, nameid: user });
  const response = await fetch(`${endpoint}/client/negotiate?hub=${hub}&negotiateVersion=1`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const { connectionId, connectionToken } = (await response.json()) as Record<string, string>;
  return { connectionId, url: `${clientUrl}&id=${encodeURIComponent(connectionToken)}`, token };
}

/** A request to the connection URL with the bearer token; `extra` is appended to the query. */
export function transportRequest(
  conn: RawConnection,
  method: string,
  init: { body?: BodyInit; headers?: Record<string, string>; extra?: string } = {},
): Promise<Response> {
  return fetch(conn.url + (init.extra ?? ''), {
    method,
    headers: { authorization: `Bearer ${conn.token}`, ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

/** An event stream opened with `Accept: text/event-stream` and the token in the query, as Node clients do. */
export class EventStream {
  readonly events: string[] = [];
  /** Everything received, as text. */
  raw = '';
  #buffer = '';
  #waiters: (() => void)[] = [];
  readonly ended: Promise<void>;

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (text: string) => {
      this.raw += text;
      this.#buffer += text;
      let end = this.#buffer.indexOf('\r\n\r\n');
      while (end !== -1) {
        this.events.push(this.#buffer.slice(0, end + 2));
        this.#buffer = this.#buffer.slice(end + 4);
        end = this.#buffer.indexOf('\r\n\r\n');
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.ended = new Promise((resolve) => {
      response.on('end', resolve);
      response.on('close', resolve);
    });
  }

  static open(conn: RawConnection, origin?: string): Promise<EventStream> {
    const url = `${conn.url}&access_token=${encodeURIComponent(conn.token)}`;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (origin) headers.origin = origin;
    return new Promise((resolve, reject) => {
      const req = request(url, { headers }, (response) => resolve(new EventStream(response)));
      req.on('error', reject);
      req.end();
    });
  }

  /** The data of the next event (the `data: ` lines joined with `\n`). */
  async next(timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length === 0) {
      if (Date.now() > deadline) throw new Error('No event arrived in time');
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    const event = this.events.shift() as string;
    return event
      .split('\r\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
  }

  close(): void {
    this.response.destroy();
  }
}
