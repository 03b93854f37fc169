// Clients for the load suite. Most are raw `ws` sockets speaking the real protocols (plain Web PubSub,
// json.webpubsub.azure.v1, its reliable variant, SignalR negotiate + JSON hub protocol); a few are the
// official @azure/web-pubsub-client and @microsoft/signalr clients. Each records the sequence numbers
// it receives, in arrival order.
import { WebPubSubClient } from '@azure/web-pubsub-client';
import WebSocket from 'ws';
import { type Emulator, officialSignalRConnection, signToken } from '../helpers.js';
import type { LoadRest } from './load-rest.js';

export type LoadClientKind =
  | 'wps-plain'
  | 'wps-json'
  | 'wps-reliable'
  | 'wps-official'
  | 'signalr-raw'
  | 'signalr-official';

export interface Membership {
  readonly hub: string;
  readonly user: string;
  readonly group: string;
}

export interface LoadClient extends Membership {
  readonly kind: LoadClientKind;
  readonly service: 'webPubSub' | 'signalR';
  /** Known for every kind but plain Web PubSub sockets, which get no `connected` message. */
  readonly connectionId: string | undefined;
  /** Sequence numbers in arrival order. */
  readonly received: number[];
  close(): Promise<void>;
}

const wpsProtocols = {
  'wps-plain': undefined,
  'wps-json': 'json.webpubsub.azure.v1',
  'wps-reliable': 'json.reliable.webpubsub.azure.v1',
} as const;

export async function openLoadClient(
  emulator: Emulator,
  rest: LoadRest,
  kind: LoadClientKind,
  who: Membership,
): Promise<LoadClient> {
  switch (kind) {
    case 'wps-plain':
    case 'wps-json':
    case 'wps-reliable':
      return openRawWebPubSub(emulator, kind, who);
    case 'wps-official':
      return openOfficialWebPubSub(emulator, who);
    case 'signalr-raw':
      return openRawSignalR(emulator, rest, who);
    case 'signalr-official':
      return openOfficialSignalR(emulator, who);
  }
}

/** A Web PubSub client URL whose token names the user and the initial group. */
async function webPubSubUrl(emulator: Emulator, who: Membership): Promise<string> {
  const aud = `${emulator.webPubSub.endpoint}/client/hubs/${who.hub}`;
  const token = await signToken({ aud, sub: who.user, 'webpubsub.group': [who.group] });
  return `${aud.replace(/^http/, 'ws')}?access_token=${token}`;
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

function closer(ws: WebSocket): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      ws.once('close', () => resolve());
      ws.close();
    });
}

async function openRawWebPubSub(
  emulator: Emulator,
  kind: keyof typeof wpsProtocols,
  who: Membership,
): Promise<LoadClient> {
  const ws = new WebSocket(await webPubSubUrl(emulator, who), wpsProtocols[kind] ?? []);
  const received: number[] = [];
  let connectionId: string | undefined;
  const connected = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (kind === 'wps-plain') return void received.push(message.s);
      if (message.type === 'message') received.push(message.data.s);
      else if (message.event === 'connected') {
        connectionId = message.connectionId;
        resolve();
      }
    });
  });
  await opened(ws);
  if (kind !== 'wps-plain') await connected;
  return { kind, service: 'webPubSub', ...who, connectionId, received, close: closer(ws) };
}

async function openOfficialWebPubSub(emulator: Emulator, who: Membership): Promise<LoadClient> {
  const client = new WebPubSubClient(await webPubSubUrl(emulator, who), { autoReconnect: false });
  const received: number[] = [];
  client.on('server-message', (e) => received.push((e.message.data as { s: number }).s));
  // REST group sends arrive as group messages, as the service frames them.
  client.on('group-message', (e) => received.push((e.message.data as { s: number }).s));
  const connected = new Promise<string>((resolve) =>
    client.on('connected', (e) => resolve(e.connectionId)),
  );
  const stopped = new Promise<void>((resolve) => client.on('stopped', () => resolve()));
  await client.start();
  return {
    kind: 'wps-official',
    service: 'webPubSub',
    ...who,
    connectionId: await connected,
    received,
    close: () => {
      client.stop();
      return stopped;
    },
  };
}

/** The app server's part of SignalR serverless negotiate: the client URL and a token for it. */
async function signalRNegotiation(emulator: Emulator, who: Membership) {
  const url = `${emulator.signalR.endpoint}/client/?hub=${who.hub}`;
  return { url, accessToken: await signToken({ aud: url, nameid: who.user }) };
}

async function openRawSignalR(
  emulator: Emulator,
  rest: LoadRest,
  who: Membership,
): Promise<LoadClient> {
  const { url, accessToken } = await signalRNegotiation(emulator, who);
  const negotiate = await rest.call(
    'POST',
    `${emulator.signalR.endpoint}/client/negotiate?hub=${who.hub}&negotiateVersion=1`,
    undefined,
    url,
  );
  const { connectionId, connectionToken } = JSON.parse(negotiate.text) as Record<string, string>;
  const ws = new WebSocket(
    `${url.replace(/^http/, 'ws')}&id=${connectionToken}&access_token=${accessToken}`,
  );
  const received: number[] = [];
  const handshaken = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      for (const record of data.toString().split('\x1e')) {
        if (record === '{}') resolve();
        else if (record.startsWith('{"type":1,')) received.push(JSON.parse(record).arguments[0]);
      }
    });
  });
  await opened(ws);
  ws.send('{"protocol":"json","version":1}\x1e');
  await handshaken;
  return {
    kind: 'signalr-raw',
    service: 'signalR',
    ...who,
    connectionId,
    received,
    close: closer(ws),
  };
}

async function openOfficialSignalR(emulator: Emulator, who: Membership): Promise<LoadClient> {
  const { url, accessToken } = await signalRNegotiation(emulator, who);
  const connection = officialSignalRConnection(url, accessToken);
  const received: number[] = [];
  connection.on('m', (s: number) => received.push(s));
  await connection.start();
  return {
    kind: 'signalr-official',
    service: 'signalR',
    ...who,
    connectionId: connection.connectionId ?? undefined,
    received,
    close: () => connection.stop(),
  };
}
