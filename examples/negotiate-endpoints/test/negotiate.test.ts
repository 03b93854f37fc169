// Starts the app on a random port against the emulator, negotiates over HTTP like a browser would,
// connects real clients with the answers and checks a message sent through @hubcast/server arrives.
import { once } from 'node:events';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../src/server.js';

let emulator: Emulator;
let app: RunningServer;
let webPubSub: WebPubSubServiceClient;
let signalR: SignalRServiceClient;

beforeAll(async () => {
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  webPubSub = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'chat');
  signalR = new SignalRServiceClient(emulator.signalR.connectionString, 'chat');
  app = await startServer({ webPubSub, signalR }, 0);
});

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

it('GET /negotiate/webpubsub returns a URL a plain WebSocket connects to as that user', async () => {
  const response = await fetch(`${app.url}/negotiate/webpubsub?userId=alice`);
  expect(response.status).toBe(200);
  const { url } = (await response.json()) as { url: string };
  expect(
    url.startsWith(`${emulator.webPubSub.endpoint.replace('http', 'ws')}/client/hubs/chat?`),
  ).toBe(true);

  const socket = new WebSocket(url);
  await once(socket, 'open');
  const received = once(socket, 'message');
  await webPubSub.sendToUser('alice', { text: 'hello alice' });
  const [data] = await received;
  expect(JSON.parse(String(data))).toEqual({ text: 'hello alice' });
  socket.close();
});

it('POST /signalr/negotiate redirects a real @microsoft/signalr client to the service', async () => {
  const response = await fetch(`${app.url}/signalr/negotiate?userId=bob`, { method: 'POST' });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { url: string; accessToken: string };
  expect(body.url).toBe(`${emulator.signalR.endpoint}/client/?hub=chat`);
  expect(body.accessToken.split('.')).toHaveLength(3);

  // The client is pointed at the app, as a browser app would be; negotiate sends it on.
  const connection = new HubConnectionBuilder()
    .withUrl(`${app.url}/signalr?userId=bob`)
    .configureLogging(LogLevel.None)
    .build();
  const received = new Promise<unknown[]>((resolve) =>
    connection.on('greet', (...args: unknown[]) => resolve(args)),
  );
  await connection.start();
  try {
    await signalR.sendToUser('bob', 'greet', ['hello bob', 2]);
    expect(await received).toEqual(['hello bob', 2]);
  } finally {
    await connection.stop();
  }
});

it('answers 400 without a userId', async () => {
  expect((await fetch(`${app.url}/negotiate/webpubsub`)).status).toBe(400);
  expect((await fetch(`${app.url}/signalr/negotiate`, { method: 'POST' })).status).toBe(400);
});
