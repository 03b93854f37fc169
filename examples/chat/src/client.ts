#!/usr/bin/env node
// A browser-free chat client, in any of three ways a real client connects: a plain WebSocket to Web
// PubSub, the official @azure/web-pubsub-client, or the official @microsoft/signalr. Each one
// negotiates with the app, prints what the room says, and sends the lines typed on stdin.
//   node dist/client.js <name> [--via plain|web-pubsub-client|signalr] [--app http://127.0.0.1:3000]
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import {
  type HubConnection,
  HubConnectionBuilder,
  type IHubProtocol,
  LogLevel,
} from '@microsoft/signalr';
import WebSocket from 'ws';
import type { ChatEvent } from './app.js';

export type ClientKind = 'plain' | 'web-pubsub-client' | 'signalr';

export interface ChatClient {
  readonly kind: ClientKind;
  /** Sends a line to the room; rejects when the app refuses it. */
  send(text: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** SignalR only: a hub protocol (default JSON), e.g. MessagePack. */
  readonly protocol?: IHubProtocol;
  /** SignalR only: the connection, for calls beyond `send`. */
  readonly onConnection?: (connection: HubConnection) => void;
}

async function negotiate(appUrl: string, service: 'webpubsub' | 'signalr', name: string) {
  const response = await fetch(`${appUrl}/negotiate/${service}?name=${encodeURIComponent(name)}`);
  const body = (await response.json()) as { url: string; accessToken?: string; error?: string };
  if (!response.ok) throw new Error(body.error ?? `negotiate answered ${response.status}`);
  return body;
}

/** Connects `name` to the chat at `appUrl`; every event of the room goes to `onEvent`. */
export async function connectChat(
  appUrl: string,
  name: string,
  kind: ClientKind,
  onEvent: (event: ChatEvent) => void,
  options: ConnectOptions = {},
): Promise<ChatClient> {
  if (kind === 'plain') {
    const socket = new WebSocket((await negotiate(appUrl, 'webpubsub', name)).url);
    // A plain WebSocket gets the app's JSON as text frames.
    socket.on('message', (data) => onEvent(JSON.parse(data.toString()) as ChatEvent));
    await once(socket, 'open');
    return {
      kind,
      send: async (text) => socket.send(text), // a text frame is the `message` event
      close: async () => {
        socket.close();
        await once(socket, 'close');
      },
    };
  }
  if (kind === 'web-pubsub-client') {
    const client = new WebPubSubClient(
      { getClientAccessUrl: async () => (await negotiate(appUrl, 'webpubsub', name)).url },
      // A line the app refused would be refused again: no retries (the default is three).
      { messageRetryOptions: { maxRetries: 0 } },
    );
    client.on('group-message', (e) => onEvent(e.message.data as ChatEvent));
    await client.start();
    return {
      kind,
      send: async (text) => {
        await client.sendEvent('message', text, 'text');
      },
      close: async () => client.stop(),
    };
  }
  const { url, accessToken } = await negotiate(appUrl, 'signalr', name);
  const builder = new HubConnectionBuilder()
    .withUrl(url, { accessTokenFactory: () => accessToken ?? '' })
    .configureLogging(LogLevel.None);
  if (options.protocol) builder.withHubProtocol(options.protocol);
  const connection = builder.build();
  connection.on('message', (e: { from: string; text: string }) =>
    onEvent({ type: 'message', ...e }),
  );
  connection.on('presence', (e: { user: string; online: boolean }) =>
    onEvent({ type: 'presence', ...e }),
  );
  await connection.start();
  options.onConnection?.(connection);
  return {
    kind,
    send: (text) => connection.invoke('send', text),
    close: () => connection.stop(),
  };
}

export function describeEvent(event: ChatEvent): string {
  return event.type === 'message'
    ? `${event.from}: ${event.text}`
    : `* ${event.user} ${event.online ? 'joined' : 'left'}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (flag: string, fallback: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? (args.splice(at, 2)[1] ?? fallback) : fallback;
  };
  const kind = option('--via', 'web-pubsub-client') as ClientKind;
  const appUrl = option('--app', 'http://127.0.0.1:3000');
  const name = args[0] ?? 'guest';
  const client = await connectChat(appUrl, name, kind, (event) =>
    console.log(describeEvent(event)),
  );
  console.log(`${name} is in the chat (${kind}); type a line to send it, Ctrl-D to leave.`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim())
      await client.send(line).catch((e: Error) => console.error(`not sent: ${e.message}`));
  }
  await client.close();
}
