// Bundles the Worker with esbuild and runs it in real workerd through miniflare, against an
// in-process emulator on 127.0.0.1; plain ws clients check what arrives.
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { WebPubSubServiceClient } from '@hubcast/server';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';

let emulator: Emulator;
let worker: Miniflare;
const sockets: WebSocket[] = [];

async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

beforeAll(async () => {
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  worker = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: '2025-12-01',
    bindings: {
      WEBPUBSUB_CONNECTION_STRING: emulator.webPubSub.connectionString,
      WEBPUBSUB_HUB: 'news',
    },
  });
  await worker.ready;
}, 60_000);
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(async () => {
  await worker?.dispose();
  await emulator?.close();
});

async function connect(userId: string): Promise<WebSocket> {
  const service = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'news');
  const socket = new WebSocket((await service.getClientAccessToken({ userId })).url);
  sockets.push(socket);
  await once(socket, 'open');
  return socket;
}

it('broadcasts the POSTed JSON from inside workerd', async () => {
  const socket = await connect('alice');
  const received = once(socket, 'message');
  const response = await worker.dispatchFetch('http://worker.example/', {
    method: 'POST',
    body: JSON.stringify({ headline: 'sent from workerd', n: 1 }),
  });
  expect(response.status).toBe(202);
  expect(JSON.parse(String((await received)[0]))).toEqual({ headline: 'sent from workerd', n: 1 });
});

it('sends to one user with ?user=', async () => {
  const alice = await connect('alice');
  const bob = await connect('bob');
  const toBob: string[] = [];
  const toAlice: string[] = [];
  alice.on('message', (data) => toAlice.push(String(data)));
  const received = once(bob, 'message');
  bob.on('message', (data) => toBob.push(String(data)));
  const response = await worker.dispatchFetch('http://worker.example/?user=bob', {
    method: 'POST',
    body: '{"for":"bob"}',
  });
  expect(response.status).toBe(202);
  await received;
  expect(toBob).toEqual(['{"for":"bob"}']);
  expect(toAlice).toEqual([]);
});

it('refuses other methods and bodies that are not JSON', async () => {
  const get = await worker.dispatchFetch('http://worker.example/');
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('POST');
  await get.text();
  const bad = await worker.dispatchFetch('http://worker.example/', { method: 'POST', body: '{' });
  expect(bad.status).toBe(400);
  await bad.text();
});
