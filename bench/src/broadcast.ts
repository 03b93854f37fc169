// Item 5: emulator broadcast. 1,000 plain WebSocket clients (in a separate process) are connected to
// @hubcast/emulator, and an app process publishes sendToAll REST calls to it; anchor: a minimal real
// broadcast server on `ws` (ws-broadcast-server.ts) that gets the very same HTTP requests and sends
// each body to its 1,000 clients. Deliveries/s run from the first publish to the last frame received;
// anything not received is lost. The CPU time of this process (where both servers run) per delivery
// is reported too: it does not depend on how fast the clients' process reads.
import { startEmulator } from '@hubcast/emulator';
import { type Child, startChild } from './child.js';
import { API_VERSION, HUB, presignedToken } from './fixtures.js';
import { fmt, type ItemResult, ratioText, row } from './result.js';
import { interleave, ratios, summarize } from './stats.js';
import { startWsBroadcastServer } from './ws-broadcast-server.js';

export interface BroadcastOptions {
  rounds: number;
  clients: number;
  messages: number;
  /** REST sends in flight at once. */
  concurrency: number;
}

export const BROADCAST_DEFAULTS: BroadcastOptions = {
  rounds: 7,
  clients: 1000,
  messages: 200,
  concurrency: 4,
};

interface Done {
  type: 'done';
  received: number;
  stray: number;
}

interface Tally {
  lost: number;
  stray: number;
  /** CPU µs of this process per delivery, per round. */
  cpu: number[];
}

/** One server under test: its clients' process and its publisher's. */
interface Contender {
  clients: Child;
  publisher: Child;
}

let roundId = 0;

/** One round: arms the clients, publishes, waits for every frame (or the quiet timeout). */
async function round(contender: Contender, options: BroadcastOptions, tally: Tally) {
  const id = ++roundId;
  // The same JSON bodies for both servers: what the app sends is what every client receives.
  const bodies = Array.from({ length: options.messages }, (_, seq) =>
    JSON.stringify({ round: id, seq, text: 'hello, world' }),
  );
  const { clients, publisher } = contender;
  await publisher.ask({ type: 'prepare', bodies }, 'prepared');
  const { expected } = await clients.ask<{ type: 'armed'; expected: number }>(
    { type: 'round', marker: `{"round":${id},`, messages: options.messages },
    'armed',
  );
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const published = await publisher.ask<{ type: 'published'; accepted: number; error?: string }>(
    { type: 'publish', concurrency: options.concurrency },
    'published',
  );
  if (published.error) throw new Error(`publishing failed: ${published.error}`);
  clients.send({ type: 'sent' });
  const done = await clients.next<Done>('done');
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  tally.lost += expected - done.received;
  tally.stray += done.stray;
  tally.cpu.push((cpu.user + cpu.system) / Math.max(1, done.received));
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

async function startPublisher(url: string, authorization: string, concurrency: number) {
  const publisher = await startChild('publisher-process');
  const headers = { authorization, 'content-type': 'application/json' };
  await publisher.ask({ type: 'target', url, headers, concurrency }, 'targeted');
  return publisher;
}

export async function measureBroadcast(options = BROADCAST_DEFAULTS): Promise<ItemResult> {
  const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  const wsServer = await startWsBroadcastServer();
  const children: Child[] = [];
  const started = async (child: Promise<Child>) => {
    children.push(await child);
    return children.at(-1) as Child;
  };
  try {
    const { endpoint, connectionString } = emulator.webPubSub;
    const accessKey = /AccessKey=([^;]+)/.exec(connectionString)?.[1] as string;
    const sendPath = `/api/hubs/${HUB}/:send?api-version=${API_VERSION}`;
    // The token's audience is the emulator's URL; the ws server gets the same header and ignores it.
    const authorization = `Bearer ${presignedToken(`${endpoint}${sendPath}`, accessKey)}`;
    const clientUrl = `${endpoint.replace('http', 'ws')}/client/hubs/${HUB}?access_token=${presignedToken(`${endpoint}/client/hubs/${HUB}`, accessKey)}`;
    const contenders: Record<'emulator' | 'ws', Contender> = {
      emulator: {
        clients: await started(connectClients(clientUrl, options.clients)),
        publisher: await started(
          startPublisher(`${endpoint}${sendPath}`, authorization, options.concurrency),
        ),
      },
      ws: {
        clients: await started(
          connectClients(wsServer.origin.replace('http', 'ws'), options.clients),
        ),
        publisher: await started(
          startPublisher(`${wsServer.origin}${sendPath}`, authorization, options.concurrency),
        ),
      },
    };
    const tallies = {
      emulator: { lost: 0, stray: 0, cpu: [] } as Tally,
      ws: { lost: 0, stray: 0, cpu: [] } as Tally,
    };
    const run = (name: 'emulator' | 'ws', tally: Tally) => () =>
      round(contenders[name], options, tally);
    // Warm-up round each (not counted).
    await run('emulator', { lost: 0, stray: 0, cpu: [] })();
    await run('ws', { lost: 0, stray: 0, cpu: [] })();
    const samples = await interleave(
      { emulator: run('emulator', tallies.emulator), ws: run('ws', tallies.ws) },
      options.rounds,
    );
    const vsWs = ratios(samples.emulator, samples.ws);
    const cpuVsWs = ratios(tallies.emulator.cpu, tallies.ws.cpu);
    const perRound = options.clients * options.messages;
    return {
      item: 5,
      title: 'Emulator broadcast',
      method: `${options.rounds} interleaved rounds; each publishes ${options.messages} messages (small JSON, ${options.concurrency} REST calls in flight, from a separate app process) to ${fmt(options.clients)} plain WebSocket clients (${fmt(perRound)} deliveries), clients in a separate process. Emulator: sendToAll (\`POST /api/hubs/${HUB}/:send\`, token checked, inspector on as by default). Anchor: a minimal \`ws\` broadcast server (node:http + ws, \`client.send(body)\` to every open client) that gets the same requests.`,
      rows: [
        row('raw `ws` broadcast server (anchor)', 'deliveries/s', summarize(samples.ws)),
        row('@hubcast/emulator (REST sendToAll)', 'deliveries/s', summarize(samples.emulator)),
        row('raw `ws` broadcast server: CPU per delivery', 'µs', summarize(tallies.ws.cpu)),
        row('@hubcast/emulator: CPU per delivery', 'µs', summarize(tallies.emulator.cpu)),
      ],
      checks: [
        {
          target: 'emulator ≥ 1.0× raw ws deliveries/s',
          measured: ratioText(vsWs),
          met: vsWs.median >= 1,
        },
        {
          target: 'emulator: 0 messages lost',
          measured: `${tallies.emulator.lost} lost of ${fmt(perRound * options.rounds)} (raw ws: ${tallies.ws.lost} lost)`,
          met: tallies.emulator.lost === 0,
        },
      ],
      notes: [
        `Server CPU per delivery, emulator against raw ws: ${ratioText(cpuVsWs)} (the process that runs the servers; publishing and receiving run in other processes).`,
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
    await wsServer.close();
    await emulator.close();
  }
}
