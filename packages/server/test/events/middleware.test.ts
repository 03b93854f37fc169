// getMiddleware() on real sockets: a plain node:http server, Express (mounted under a prefix, behind
// body parsers that already read the body, in front of other routes), and the SignalR upstream handler.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonHubProtocol, NullLogger } from '@microsoft/signalr';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/events/shared/node-adapter.js';
import { SignalRUpstreamHandler, WebPubSubEventHandler } from '../../src/events.js';
import * as docs from './fixtures/cloud-events.js';
import { CONNECTED_BODY, SPEC_INVOCATION, upstreamHeaders } from './fixtures/upstream.js';
import { BINARY_EXAMPLE, connectionString, PRIMARY_KEY, recorded, send } from './helpers.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function echoHandler(path = '/upstream', maxBodyBytes?: number) {
  return new WebPubSubEventHandler('chat', {
    connectionString: connectionString(PRIMARY_KEY),
    path,
    maxBodyBytes,
    handleConnect: (req, res) =>
      res.success({ userId: req.context.userId, groups: Object.keys(req.claims ?? {}) }),
    handleUserEvent: (req, res) =>
      req.dataType === 'binary'
        ? res.success(req.data, 'binary')
        : res.success(JSON.stringify(req.data), 'json'),
  });
}

describe('node:http', () => {
  it('answers text with the Content-Length of its UTF-8 bytes, whatever the characters', async () => {
    const replies = ['plain', 'héllo wörld', '✓ 中文', 'emoji 😀 and 🧪', ''];
    let next = 0;
    const handler = new WebPubSubEventHandler('chat', {
      connectionString: connectionString(PRIMARY_KEY),
      path: '/upstream',
      handleUserEvent: (_req, res) => res.success(replies[next++], 'text'),
    });
    const origin = await listen(createServer(handler.getMiddleware()));
    for (const reply of replies) {
      const answer = await send(origin, recorded(docs.CUSTOM_TEXT));
      expect(answer.status).toBe(200);
      expect(answer.text).toBe(reply);
      expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(reply)));
    }
  });

  it('counts UTF-8 bytes as Node writes them, lone surrogates included', () => {
    const samples = [
      '',
      'a',
      '\u007f\u0080',
      '\u07ff\u0800',
      '\uffff',
      '😀',
      '\ud800',
      '\udc00x',
      'x\ud83d',
      '\ud83d\ud83d\ude00',
    ];
    for (let i = 0; i < 200; i++) {
      samples.push(
        String.fromCharCode(
          ...Array.from({ length: 12 }, () => Math.floor(Math.random() * 0x10000)),
        ),
      );
    }
    for (const text of samples) expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });

  it('serves the docs requests, and answers what it does not own itself (no next)', async () => {
    const origin = await listen(createServer(echoHandler().getMiddleware()));
    const connect = await send(origin, recorded(docs.CONNECT));
    expect([connect.status, connect.text]).toEqual([200, '{"userId":"alice","groups":[]}']);
    const binary = await send(origin, recorded(docs.CUSTOM_BINARY));
    expect(binary.body).toEqual(BINARY_EXAMPLE);
    expect(
      (await send(origin, recorded(docs.ABUSE_PROTECTION))).headers.get('webhook-allowed-origin'),
    ).toBe('*');
    const elsewhere = await send(origin, recorded(docs.CONNECT, { path: '/other' }));
    expect([elsewhere.status, elsewhere.text]).toEqual([
      404,
      'Not found: this handler serves /upstream/',
    ]);
    expect((await fetch(`${origin}/upstream`)).status).toBe(405);
    expect((await send(origin, recorded(docs.CONNECT, { signWith: ['forged'] }))).status).toBe(401);
  });

  it('refuses an oversize body by its Content-Length, and a streamed one as it arrives', async () => {
    const origin = await listen(createServer(echoHandler('/upstream', 100).getMiddleware()));
    const big = await send(origin, recorded(docs.CUSTOM_TEXT, { body: 'x'.repeat(101) }));
    expect([big.status, big.text]).toEqual([
      413,
      'The request body is larger than the limit of 100 bytes',
    ]);
    const { headers } = recorded(docs.CUSTOM_TEXT);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(64).fill(120));
        controller.close();
      },
    });
    const streamed = await fetch(`${origin}/upstream`, {
      method: 'POST',
      headers,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe('Express', () => {
  it('passes requests it does not own to the next route, and serves its own under a mount prefix', async () => {
    const app = express();
    app.use('/hooks', echoHandler('/hooks/upstream').getMiddleware());
    app.post('/hooks/status', (_req, res) => void res.type('text/plain').send('status route'));
    app.use((_req, res) => void res.status(404).type('text/plain').send('fell through'));
    const origin = await listen(createServer(app));
    const connect = await send(origin, recorded(docs.CONNECT, { path: '/hooks/upstream' }));
    expect([connect.status, connect.text]).toEqual([200, '{"userId":"alice","groups":[]}']);
    const other = await send(origin, recorded(docs.CONNECT, { path: '/hooks/status' }));
    expect(other.text).toBe('status route');
    const get = await fetch(`${origin}/hooks/upstream`);
    expect([get.status, await get.text()]).toEqual([404, 'fell through']);
  });

  it('works behind body parsers that already read the body', async () => {
    const app = express();
    app.use(express.json());
    app.use(express.raw({ type: 'application/octet-stream' }));
    app.use(echoHandler().getMiddleware());
    const origin = await listen(createServer(app));
    const claims = JSON.stringify({
      claims: { role: ['admin'] },
      query: {},
      headers: {},
      subprotocols: [],
    });
    const connect = await send(origin, recorded(docs.CONNECT, { body: claims }));
    expect(connect.text).toBe('{"userId":"alice","groups":["role"]}');
    const json = await send(origin, recorded(docs.CUSTOM_JSON));
    expect(json.text).toBe('{"hello":"world"}');
    const binary = await send(origin, recorded(docs.CUSTOM_BINARY));
    expect(binary.body).toEqual(BINARY_EXAMPLE);
  });

  it('mounts the SignalR upstream handler; other requests fall through', async () => {
    const upstream = new SignalRUpstreamHandler<{ Send(n: number, text: string): string }>({
      connectionString: connectionString(PRIMARY_KEY),
      handlers: { Send: ([n, text]) => `${text} x${n}` },
    });
    const app = express();
    app.use(upstream.getMiddleware());
    app.post('/api/other', (_req, res) => void res.send('other route'));
    const origin = await listen(createServer(app));
    const invoked = await fetch(`${origin}/upstream/chat/messages/send`, {
      method: 'POST',
      headers: upstreamHeaders('messages', 'Send'),
      body: SPEC_INVOCATION,
    });
    const [completion] = new JsonHubProtocol().parseMessages(
      await invoked.text(),
      NullLogger.instance,
    );
    expect(completion).toMatchObject({ type: 3, invocationId: '123', result: 'Test Message x42' });
    const connected = await fetch(`${origin}/upstream`, {
      method: 'POST',
      headers: upstreamHeaders('connections', 'connected'),
      body: CONNECTED_BODY,
    });
    expect(connected.status).toBe(200);
    expect(await (await fetch(`${origin}/api/other`, { method: 'POST' })).text()).toBe(
      'other route',
    );
  });
});
