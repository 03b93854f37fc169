// Child of item 6: the service's side of Web PubSub event handlers. It builds signed `user` CloudEvents
// as the service sends them (the docs' headers, `ce-signature` = one HMAC-SHA256 of the connection id
// per access key, a JSON body), keeps a few keep-alive connections busy with them, one request at a
// time each, and checks every answer: 200, JSON, and the exact body the app replies with. Raw sockets
// and a minimal response reader keep its cost per request a small fraction of any server's, so the
// server measured in the other process is what limits the rate; a wrong answer fails the run.
import { createHmac, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { eventBody, expectedReply } from './fixtures.js';

export interface LoadSpec {
  port: number;
  path: string;
  hub: string;
  /** The service's keys: each request is signed with all of them, as the service does. */
  accessKeys: string[];
  /** Distinct connections the events come from, cycled (the handler may cache per connection). */
  connections: number;
  /** A new connection id for every request instead: no per-connection cache can help. */
  freshConnections?: boolean;
}

export interface RunCommand {
  type: 'run';
  spec: LoadSpec;
  durationMs: number;
  concurrency: number;
}

interface Prepared {
  request: Buffer;
  expected: string;
}

const sign = (keys: string[], id: string) =>
  keys.map((key) => `sha256=${createHmac('sha256', key).update(id).digest('hex')}`).join(',');

function prepare(spec: LoadSpec, index: number, connectionId: string): Prepared {
  const userId = `user-${index % 100}`;
  const body = JSON.stringify(eventBody(index));
  const head = [
    `POST ${spec.path} HTTP/1.1`,
    `Host: 127.0.0.1:${spec.port}`,
    'WebHook-Request-Origin: bench.webpubsub.azure.com',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'ce-specversion: 1.0',
    'ce-type: azure.webpubsub.user.message',
    `ce-source: /hubs/${spec.hub}/client/${connectionId}`,
    `ce-id: ${index}`,
    `ce-time: ${new Date().toISOString()}`,
    `ce-signature: ${sign(spec.accessKeys, connectionId)}`,
    `ce-userId: ${userId}`,
    `ce-connectionId: ${connectionId}`,
    `ce-hub: ${spec.hub}`,
    'ce-eventName: message',
    'ce-awpsversion: 1.0',
  ];
  return {
    request: Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`),
    expected: expectedReply(userId, index),
  };
}

const newConnectionId = () => randomBytes(16).toString('base64url');

/** Reads one HTTP/1.1 response at a time from a socket (Content-Length or chunked bodies). */
class ResponseReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns the response once complete, else undefined. */
  feed(chunk: Buffer): { status: number; head: string; body: string } | undefined {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const end = this.#pending.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const head = this.#pending.toString('latin1', 0, end).toLowerCase();
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/.exec(head);
    let body: Buffer | undefined;
    let consumed = 0;
    if (length) {
      consumed = end + 4 + Number(length[1]);
      if (this.#pending.length >= consumed) body = this.#pending.subarray(end + 4, consumed);
    } else if (head.includes('\r\ntransfer-encoding: chunked')) {
      ({ body, consumed } = dechunk(this.#pending, end + 4));
    } else {
      consumed = end + 4;
      body = Buffer.alloc(0);
    }
    if (body === undefined) return undefined;
    const response = { status, head, body: body.toString('utf8') };
    this.#pending = this.#pending.subarray(consumed);
    return response;
  }
}

function dechunk(data: Buffer, start: number): { body?: Buffer; consumed: number } {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const line = data.indexOf('\r\n', at);
    if (line === -1) return { consumed: 0 };
    const size = Number.parseInt(data.toString('latin1', at, line), 16);
    if (data.length < line + 2 + size + 2) return { consumed: 0 };
    if (size === 0) return { body: Buffer.concat(parts), consumed: line + 4 };
    parts.push(data.subarray(line + 2, line + 2 + size));
    at = line + 2 + size + 2;
  }
}

async function run({ spec, durationMs, concurrency }: RunCommand) {
  const pool = Array.from({ length: spec.connections }, (_, i) => prepare(spec, i, `conn-${i}`));
  let completed = 0;
  let failure: string | undefined;
  const deadline = performance.now() + durationMs;
  const worker = (offset: number) =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect(spec.port, '127.0.0.1');
      socket.setNoDelay(true);
      const reader = new ResponseReader();
      let sent = offset;
      let current: Prepared;
      const next = () => {
        if (failure !== undefined || performance.now() >= deadline) {
          socket.destroy();
          return resolve();
        }
        const index = sent++;
        current = spec.freshConnections
          ? prepare(spec, index, newConnectionId())
          : (pool[index % pool.length] as Prepared);
        socket.write(current.request);
      };
      socket.on('connect', next);
      socket.on('data', (chunk: Buffer) => {
        const response = reader.feed(chunk);
        if (!response) return;
        const json = response.head.includes('\r\ncontent-type: application/json');
        if (response.status !== 200 || !json || response.body !== current.expected) {
          failure ??= `answered ${response.status}: ${response.body.slice(0, 200)}`;
        } else completed++;
        next();
      });
      socket.on('error', (error) => {
        failure ??= error.message;
        resolve();
      });
    });
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i * 7919)));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // Its own CPU per request shows that the generator is not what limits the rate.
  const cpuPerRequest = (cpu.user + cpu.system) / Math.max(1, completed);
  return { completed, perSecond: completed / seconds, cpuPerRequest, failure };
}

process.on('message', (command: RunCommand) => {
  if (command.type !== 'run') return;
  run(command).then(
    (result) => process.send?.({ type: 'ran', ...result }),
    (error: Error) => process.send?.({ type: 'ran', completed: 0, failure: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
