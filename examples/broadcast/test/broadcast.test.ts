// Runs the script's main() against an in-process emulator and checks a connected plain WebSocket
// client receives what the command line said.
import { once } from 'node:events';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { WebPubSubServiceClient } from '@hubcast/server';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../src/broadcast.js';

let emulator: Emulator;
let env: Record<string, string>;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  env = { WEBPUBSUB_CONNECTION_STRING: emulator.webPubSub.connectionString };
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => emulator?.close());

async function connect(hub: string): Promise<WebSocket> {
  const service = new WebPubSubServiceClient(emulator.webPubSub.connectionString, hub);
  const socket = new WebSocket((await service.getClientAccessToken({ userId: 'reader' })).url);
  sockets.push(socket);
  await once(socket, 'open');
  return socket;
}

it('broadcasts the arguments as one text frame', async () => {
  const socket = await connect('chat');
  const received = once(socket, 'message');
  const lines: string[] = [];
  await main(['hello', 'from', 'the', 'CLI'], env, (line) => lines.push(line));
  const [data, isBinary] = await received;
  expect(isBinary).toBe(false);
  expect(String(data)).toBe('hello from the CLI');
  expect(lines).toEqual(['broadcast to hub "chat": hello from the CLI']);
});

it('sends JSON with --json to the hub named by --hub only', async () => {
  const other = await connect('chat');
  const socket = await connect('alerts');
  const stray: unknown[] = [];
  other.on('message', (data) => stray.push(String(data)));
  const received = once(socket, 'message');
  await main(['--hub', 'alerts', '--json', '{"level":"warn","n":3}'], env, () => {});
  expect(JSON.parse(String((await received)[0]))).toEqual({ level: 'warn', n: 3 });
  expect(stray).toEqual([]);
});

it('falls back to its own emulator without a connection string', async () => {
  const lines: string[] = [];
  await main(['ping'], {}, (line) => lines.push(line));
  expect(lines[0]).toMatch(
    /^no WEBPUBSUB_CONNECTION_STRING: using an emulator at http:\/\/127\.0\.0\.1:\d+$/,
  );
  expect(lines[1]).toBe('broadcast to hub "chat": ping');
});

it('rejects a missing message before sending', async () => {
  await expect(main([], env, () => {})).rejects.toThrow(/message is required/);
});
