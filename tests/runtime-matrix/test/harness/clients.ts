// Real clients that connect with the tokens a runtime minted: the official Web PubSub client
// (json.webpubsub.azure.v1 subprotocol, so the service tells it which user the token named) and the
// official SignalR client. Both record every message they get.
import { WebPubSubClient, WebPubSubJsonProtocol } from '@azure/web-pubsub-client';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type { TokenReport } from './control-server.js';

export interface Listener {
  /** The user the service says the connection belongs to (Web PubSub only). */
  userId?: string;
  /** Every message received, in order. */
  messages: unknown[];
  close(): Promise<void>;
}

export async function listenWebPubSub(url: string): Promise<Listener> {
  const client = new WebPubSubClient(url, {
    protocol: WebPubSubJsonProtocol(),
    autoReconnect: false,
    autoRejoinGroups: false,
  });
  const listener: Listener = { messages: [], close: async () => client.stop() };
  client.on('connected', (event) => {
    listener.userId = event.userId;
  });
  client.on('server-message', (event) => listener.messages.push(event.message.data));
  await client.start();
  return listener;
}

export async function listenSignalR(
  negotiated: TokenReport['signalR'],
  target: string,
): Promise<Listener> {
  const connection = new HubConnectionBuilder()
    .withUrl(negotiated.url, { accessTokenFactory: () => negotiated.accessToken })
    .configureLogging(LogLevel.None)
    .build();
  const listener: Listener = { messages: [], close: () => connection.stop() };
  connection.on(target, (...args: unknown[]) => listener.messages.push(args));
  await connection.start();
  return listener;
}

/** Resolves once `listener` has `count` messages, or rejects after `ms`. */
export async function waitForMessages(listener: Listener, count: number, ms: number) {
  const deadline = Date.now() + ms;
  while (listener.messages.length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `expected ${count} message(s) within ${ms} ms, got ${listener.messages.length}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
