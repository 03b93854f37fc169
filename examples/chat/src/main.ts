#!/usr/bin/env node
// Runs the chat's app server. With WEBPUBSUB_CONNECTION_STRING and SIGNALR_CONNECTION_STRING it talks
// to those services (point their event handler / upstream at the URLs it prints); without them it
// starts @hubcast/emulator in-process, already configured to call this app back.
//   pnpm --filter @hubcast/example-chat build && pnpm --filter @hubcast/example-chat start
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { type ChatApp, createChatApp } from './app.js';

export interface RunningChat {
  /** The app's base URL: clients negotiate here, and the services call it back. */
  readonly url: string;
  readonly app: ChatApp;
  /** The embedded emulator, when no connection strings were given. */
  readonly emulator: Emulator | undefined;
  close(): Promise<void>;
}

export interface ChatOptions {
  readonly port?: number;
  readonly webPubSubConnectionString?: string | undefined;
  readonly signalRConnectionString?: string | undefined;
  readonly hub?: string;
}

/** Where each service must call the app: the event handler URL and the upstream URL template. */
export function callbackUrls(appUrl: string) {
  return {
    eventHandler: `${appUrl}/api/webpubsub/hubs/{hub}/`,
    upstream: `${appUrl}/api/signalr/{hub}/{category}/{event}`,
  };
}

export async function startChat(options: ChatOptions = {}): Promise<RunningChat> {
  // The server listens first: the emulator needs the app's URL, and the app the emulator's.
  let handle = (_req: IncomingMessage, res: ServerResponse): void => void res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hub = options.hub ?? 'chat';
  let emulator: Emulator | undefined;
  let { webPubSubConnectionString, signalRConnectionString } = options;
  if (!webPubSubConnectionString || !signalRConnectionString) {
    const callbacks = callbackUrls(url);
    emulator = await startEmulator({
      webPubSubPort: 0,
      signalRPort: 0,
      eventHandlers: [
        {
          hub,
          urlTemplate: callbacks.eventHandler,
          userEventPattern: '*',
          systemEvents: ['connect', 'connected', 'disconnected'],
        },
      ],
      upstreamTemplates: [{ urlTemplate: callbacks.upstream, hubPattern: hub }],
    });
    webPubSubConnectionString = emulator.webPubSub.connectionString;
    signalRConnectionString = emulator.signalR.connectionString;
  }
  const app = createChatApp({
    webPubSubConnectionString,
    signalRConnectionString,
    hub,
    secret: randomBytes(32).toString('base64url'),
  });
  handle = app.handle;
  return {
    url,
    app,
    emulator,
    close: async () => {
      // The emulator first: its last `disconnected` calls still reach the app.
      await emulator?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const chat = await startChat({
    port: Number(process.env.PORT ?? 3000),
    webPubSubConnectionString: process.env.WEBPUBSUB_CONNECTION_STRING,
    signalRConnectionString: process.env.SIGNALR_CONNECTION_STRING,
  });
  const callbacks = callbackUrls(chat.url);
  console.log(`chat app on ${chat.url}`);
  console.log(
    chat.emulator
      ? `using the embedded emulator (Web PubSub ${chat.emulator.webPubSub.endpoint}, SignalR ${chat.emulator.signalR.endpoint})`
      : `set the Web PubSub event handler to ${callbacks.eventHandler}\nand the SignalR upstream URL template to ${callbacks.upstream}`,
  );
  console.log(`then, in another terminal: node examples/chat/dist/client.js ada --app ${chat.url}`);
  process.on('SIGINT', () => void chat.close().then(() => process.exit(0)));
}
