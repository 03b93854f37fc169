// Item 5: emulator broadcast. 1,000 plain WebSocket clients (in a separate process) are connected to
// @hubcast/emulator, and an app process publishes sendToAll REST calls to it. Anchors (in
// ws-broadcast-server.ts) get the very same HTTP requests and send each body to their own 1,000
// clients: a minimal broadcast server on `ws` (the target's baseline), and the same server tuned with
// the emulator's two write techniques (the platform's limit). Deliveries/s run from the first publish
// to the last frame received; anything not received is lost. CPU time per delivery of this process
// (where the servers run) and of the clients' process is reported too.
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

const CONTENDERS = ['emulator', 'minimal', 'tuned'] as const;
type Name = (typeof CONTENDERS)[number];

/** One server under test: its clients' process, its publisher's, and what its rounds measured. */
interface Contender {
  clients: Child;
  publisher: Child;
  lost: number;
  stray: number;
  /** CPU µs per delivery of this process (the servers) and of the clients' process, per round. */
  serverCpu: number[];
  clientCpu: number[];
}

interface Done {
  type: 'done';
  received: number;
  stray: number;
  cpuMicros: number;
}

let roundId = 0;

/** One round: arms the clients, publishes, waits for every frame (or the quiet timeout). */
async function round(contender: Contender, options: BroadcastOptions, counted: boolean) {
  const id = ++roundId;
  // The same JSON bodies for every server: what the app sends is what every client receives.
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
  const published = await publisher.ask<{ type: 'published'; error?: string }>(
    { type: 'publish', concurrency: options.concurrency },
    'published',
  );
  if (published.error) throw new Error(`publishing failed: ${published.error}`);
  clients.send({ type: 'sent' });
  const done = await clients.next<Done>('done');
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  if (counted) {
    contender.lost += expected - done.received;
    contender.stray += done.stray;
    const received = Math.max(1, done.received);
    contender.serverCpu.push((cpu.user + cpu.system) / received);
    contender.clientCpu.push(done.cpuMicros / received);
  }
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
  const servers = [await startWsBroadcastServer('minimal'), await startWsBroadcastServer('tuned')];
  const children: Child[] = [];
  const started = async (child: Promise<Child>) => {
    children.push(await child);
    return children.at(-1) as Child;
  };
  try {
    const { endpoint, connectionString } = emulator.webPubSub;
    const accessKey = /AccessKey=([^;]+)/.exec(connectionString)?.[1] as string;
    const sendPath = `/api/hubs/${HUB}/:send?api-version=${API_VERSION}`;
    // The token's audience is the emulator's URL; the ws servers get the same header and ignore it.
    const authorization = `Bearer ${presignedToken(`${endpoint}${sendPath}`, accessKey)}`;
    const clientAud = `${endpoint}/client/hubs/${HUB}`;
    const urls: Record<Name, { publish: string; clients: string }> = {
      emulator: {
        publish: `${endpoint}${sendPath}`,
        clients: `${clientAud.replace('http', 'ws')}?access_token=${presignedToken(clientAud, accessKey)}`,
      },
      minimal: { publish: `${servers[0]?.origin}${sendPath}`, clients: '' },
      tuned: { publish: `${servers[1]?.origin}${sendPath}`, clients: '' },
    };
    urls.minimal.clients = urls.minimal.publish.replace('http', 'ws');
    urls.tuned.clients = urls.tuned.publish.replace('http', 'ws');
    const contenders = {} as Record<Name, Contender>;
    for (const name of CONTENDERS) {
      contenders[name] = {
        clients: await started(connectClients(urls[name].clients, options.clients)),
        publisher: await started(
          startPublisher(urls[name].publish, authorization, options.concurrency),
        ),
        lost: 0,
        stray: 0,
        serverCpu: [],
        clientCpu: [],
      };
    }
    // A warm-up round each (not counted), then interleaved rounds.
    for (const name of CONTENDERS) await round(contenders[name], options, false);
    const run = (name: Name) => () => round(contenders[name], options, true);
    const samples = await interleave(
      { emulator: run('emulator'), minimal: run('minimal'), tuned: run('tuned') },
      options.rounds,
    );
    return report(options, contenders, samples);
  } finally {
    await Promise.all(children.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await emulator.close();
  }
}

function report(
  options: BroadcastOptions,
  contenders: Record<Name, Contender>,
  samples: Record<Name, number[]>,
): ItemResult {
  const { emulator, minimal, tuned } = contenders;
  const vsMinimal = ratios(samples.emulator, samples.minimal);
  const vsTuned = ratios(samples.emulator, samples.tuned);
  const cpuVsMinimal = ratios(emulator.serverCpu, minimal.serverCpu);
  const cpuVsTuned = ratios(emulator.serverCpu, tuned.serverCpu);
  const median = (values: number[]) => fmt(summarize(values).median);
  const perRound = options.clients * options.messages;
  const labels: Record<Name, string> = {
    minimal: 'raw `ws` broadcast server, minimal (anchor)',
    tuned: 'raw `ws` broadcast server, tuned (limit)',
    emulator: '@hubcast/emulator (REST sendToAll)',
  };
  return {
    item: 5,
    title: 'Emulator broadcast',
    method: `${options.rounds} interleaved rounds; each publishes ${options.messages} messages (small JSON, ${options.concurrency} REST calls in flight, from a separate app process) to ${fmt(options.clients)} plain WebSocket clients (${fmt(perRound)} deliveries, text frames, no compression), clients in a separate process. Emulator: \`POST /api/hubs/${HUB}/:send\`, token checked, inspector on (its default). Anchors get the same requests on node:http + ws and check nothing: minimal = \`client.send(body)\` to every open client, as ws's README broadcasts; tuned = the frame built once per message and each socket's frames of one event-loop turn written at once, the emulator's two techniques and nothing else.`,
    rows: [
      ...CONTENDERS.map((name) => row(labels[name], 'deliveries/s', summarize(samples[name]))),
      ...CONTENDERS.map((name) =>
        row(
          `${labels[name]}: server CPU per delivery`,
          'µs',
          summarize(contenders[name].serverCpu),
        ),
      ),
    ],
    checks: [
      {
        target: 'emulator ≥ 1.0× a minimal raw ws broadcast server (deliveries/s)',
        measured: ratioText(vsMinimal),
        met: vsMinimal.median >= 1,
      },
      {
        target: 'emulator: 0 messages lost',
        measured: `${emulator.lost} lost of ${fmt(perRound * options.rounds)} (raw ws: ${minimal.lost} and ${tuned.lost} lost)`,
        met: emulator.lost === 0,
      },
    ],
    notes: [
      `Against the tuned ws server (the limit): deliveries/s ${ratioText(vsTuned)}. Server CPU per delivery, emulator against minimal ${ratioText(cpuVsMinimal)}, against tuned ${ratioText(cpuVsTuned)}. CPU per delivery of the clients' process (median µs): emulator ${median(emulator.clientCpu)}, minimal ${median(minimal.clientCpu)}, tuned ${median(tuned.clientCpu)}.`,
    ],
    facts: {
      emulatorLost: emulator.lost,
      wsLost: minimal.lost + tuned.lost,
      emulatorStray: emulator.stray,
      wsStray: minimal.stray + tuned.stray,
    },
  };
}
