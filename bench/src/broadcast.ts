// Item 5: emulator broadcast. 1,000 plain WebSocket clients (in a separate process) are connected to
// @hubcast/emulator, and the bench sends sendToAll REST calls through @hubcast/server; anchor: a plain
// `ws` WebSocketServer writing the same frames to the same number of clients. Deliveries/s run from
// the first send to the last frame received; anything not received is lost.
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@hubcast/emulator';
import { WebPubSubServiceClient } from '@hubcast/server';
import { WebSocketServer } from 'ws';
import { type Child, startChild } from './child.js';
import { HUB } from './fixtures.js';
import { fmt, type ItemResult, ratioText, row } from './result.js';
import { interleave, ratios, summarize } from './stats.js';

export interface BroadcastOptions {
  rounds: number;
  clients: number;
  messages: number;
  /** REST sends in flight at once. */
  concurrency: number;
}

export const BROADCAST_DEFAULTS: BroadcastOptions = {
  rounds: 5,
  clients: 1000,
  messages: 100,
  concurrency: 4,
};

interface Done {
  type: 'done';
  received: number;
  stray: number;
}

let roundId = 0;

/** One round: arms the clients, runs `send(frames)`, waits for every frame (or the quiet timeout). */
async function round(
  clients: Child,
  messages: number,
  send: (frames: object[]) => Promise<void>,
  tally: { lost: number; stray: number },
): Promise<number> {
  const id = ++roundId;
  const frames = Array.from({ length: messages }, (_, seq) => ({
    round: id,
    seq,
    text: 'hello, world',
  }));
  const { expected } = await clients.ask<{ type: 'armed'; expected: number }>(
    { type: 'round', marker: `{"round":${id},`, messages },
    'armed',
  );
  const start = performance.now();
  await send(frames);
  clients.send({ type: 'sent' });
  const done = await clients.next<Done>('done');
  const elapsed = performance.now() - start;
  tally.lost += expected - done.received;
  tally.stray += done.stray;
  return done.received / (elapsed / 1000);
}

async function connectClients(url: string, count: number): Promise<Child> {
  const child = await startChild('ws-clients-process');
  const result = await child.ask<{ type: 'connected'; open: number; error?: string }>(
    { type: 'connect', url, clients: count },
    'connected',
    120_000,
  );
  if (result.open !== count) {
    await child.close();
    throw new Error(`only ${result.open} of ${count} clients connected (${result.error})`);
  }
  return child;
}

export async function measureBroadcast(options = BROADCAST_DEFAULTS): Promise<ItemResult> {
  const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => wss.once('listening', resolve));
  const children: Child[] = [];
  try {
    const server = new WebPubSubServiceClient(emulator.webPubSub.connectionString, HUB);
    const { url } = await server.getClientAccessToken();
    const viaEmulator = await connectClients(url, options.clients);
    children.push(viaEmulator);
    const viaWs = await connectClients(
      `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      options.clients,
    );
    children.push(viaWs);

    const emulatorSend = async (frames: object[]) => {
      let next = 0;
      const worker = async () => {
        while (next < frames.length) await server.sendToAll(frames[next++] as object);
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
    };
    const wsSend = async (frames: object[]) => {
      for (const frame of frames) {
        const text = JSON.stringify(frame);
        for (const socket of wss.clients) socket.send(text);
      }
    };
    const tallies = { emulator: { lost: 0, stray: 0 }, ws: { lost: 0, stray: 0 } };
    const run =
      (clients: Child, send: typeof wsSend, tally: { lost: number; stray: number }) => () =>
        round(clients, options.messages, send, tally);
    // Warm-up round each (not counted).
    await run(viaEmulator, emulatorSend, { lost: 0, stray: 0 })();
    await run(viaWs, wsSend, { lost: 0, stray: 0 })();
    const samples = await interleave(
      {
        emulator: run(viaEmulator, emulatorSend, tallies.emulator),
        ws: run(viaWs, wsSend, tallies.ws),
      },
      options.rounds,
    );
    const vsWs = ratios(samples.emulator, samples.ws);
    const emulatorRate = summarize(samples.emulator);
    const perRound = options.clients * options.messages;
    return {
      item: 5,
      title: 'Emulator broadcast',
      method: `${options.rounds} interleaved rounds; each sends ${options.messages} messages to ${fmt(options.clients)} plain WebSocket clients (${fmt(perRound)} deliveries), clients in a separate process. Emulator: sendToAll REST calls via @hubcast/server, ${options.concurrency} in flight. Anchor: a \`ws\` WebSocketServer sending the same frames.`,
      rows: [
        row('raw `ws` broadcast (anchor)', 'deliveries/s', summarize(samples.ws)),
        row('@hubcast/emulator (REST sendToAll)', 'deliveries/s', emulatorRate),
      ],
      checks: [
        {
          target: 'emulator ≥ 50,000 deliveries/s',
          measured: `${fmt(emulatorRate.median)}/s (${ratioText(vsWs)} raw ws)`,
          met: emulatorRate.median >= 50_000,
        },
        {
          target: 'emulator: 0 messages lost',
          measured: `${tallies.emulator.lost} lost of ${fmt(perRound * options.rounds)} (raw ws: ${tallies.ws.lost} lost)`,
          met: tallies.emulator.lost === 0,
        },
      ],
      facts: {
        emulatorLost: tallies.emulator.lost,
        wsLost: tallies.ws.lost,
        emulatorStray: tallies.emulator.stray,
        wsStray: tallies.ws.stray,
      },
    };
  } finally {
    await Promise.all(children.map((c) => c.close()));
    for (const socket of wss.clients) socket.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await emulator.close();
  }
}
