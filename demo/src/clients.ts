// The three real clients the demo drives: a plain WebSocket, @azure/web-pubsub-client on
// json.webpubsub.azure.v1, and @microsoft/signalr through negotiate. Each records into the inbox.
import { once } from 'node:events';
import { WebPubSubClient, WebPubSubJsonProtocol } from '@azure/web-pubsub-client';
import type { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import { type HubConnection, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import WebSocket from 'ws';
import { type Inbox, stepOf } from './inbox.js';

/** SignalR targets the demo sends to; the client listens on each. */
export const SIGNALR_TARGETS = ['broadcast', 'direct', 'group', 'excluded'] as const;

export interface PlainClient {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
}

export async function connectPlain(
  wps: WebPubSubServiceClient,
  userId: string,
  inbox: Inbox,
): Promise<PlainClient> {
  const { url } = await wps.getClientAccessToken({ userId });
  const socket = new WebSocket(url);
  socket.on('message', (raw, isBinary) => {
    const data = raw.toString();
    inbox.push({
      client: 'plain-ws',
      step: stepOf(data),
      via: isBinary ? 'binary frame' : 'text frame',
      data,
    });
  });
  const closed = once(socket, 'close').then(([code, reason]) => ({
    code: Number(code),
    reason: String(reason),
  }));
  await once(socket, 'open');
  return { socket, closed };
}

export interface PubSubClient {
  client: WebPubSubClient;
  connectionId: string;
  disconnected: Promise<string | undefined>;
}

export async function connectPubSub(
  wps: WebPubSubServiceClient,
  userId: string,
  inbox: Inbox,
): Promise<PubSubClient> {
  const client = new WebPubSubClient(
    { getClientAccessUrl: async () => (await wps.getClientAccessToken({ userId })).url },
    { protocol: WebPubSubJsonProtocol(), autoReconnect: false, autoRejoinGroups: false },
  );
  let connectionId = '';
  client.on('connected', (e) => {
    connectionId = e.connectionId;
  });
  client.on('server-message', (e) => {
    inbox.push({
      client: 'web-pubsub-client',
      step: stepOf(e.message.data),
      via: 'server message',
      data: e.message.data,
    });
  });
  client.on('group-message', (e) => {
    const via = `group message in ${e.message.group}`;
    inbox.push({
      client: 'web-pubsub-client',
      step: stepOf(e.message.data),
      via,
      data: e.message.data,
    });
  });
  const disconnected = new Promise<string | undefined>((resolve) =>
    client.on('disconnected', (e) => resolve(e.message?.message)),
  );
  await client.start();
  return { client, connectionId, disconnected };
}

export interface SignalRClient {
  connection: HubConnection;
  connectionId: string;
  closed: Promise<string | undefined>;
}

export async function connectSignalR(
  signalr: SignalRServiceClient,
  userId: string,
  inbox: Inbox,
): Promise<SignalRClient> {
  const { url, accessToken } = await signalr.negotiate({ userId });
  const connection = new HubConnectionBuilder()
    .withUrl(url, { accessTokenFactory: () => accessToken })
    .configureLogging(LogLevel.None)
    .build();
  for (const target of SIGNALR_TARGETS) {
    connection.on(target, (payload: unknown) => {
      inbox.push({
        client: 'signalr',
        step: stepOf(payload),
        via: `invocation ${target}`,
        data: payload,
      });
    });
  }
  const closed = new Promise<string | undefined>((resolve) =>
    connection.onclose((error) => resolve(error?.message)),
  );
  await connection.start();
  return { connection, connectionId: connection.connectionId ?? '', closed };
}
