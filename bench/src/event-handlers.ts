// Item 6: event-handler requests/s. The same signed `user` CloudEvents with a JSON body (from a load
// generator in a separate process, event-load-process.ts) go to the same app served four ways
// (event-servers.ts); anchor: `@azure/web-pubsub-express` 1.1.0, which does not check ce-signature
// while hubcast does. Also the CPU time per request of this process, where the servers run.
import { type Child, startChild } from './child.js';
import type { LoadSpec } from './event-load-process.js';
import {
  EVENT_SERVER_LABELS,
  EVENT_SERVERS,
  type EventServer,
  type EventServerName,
  startEventServer,
} from './event-servers.js';
import { ACCESS_KEY, connectionString } from './fixtures.js';
import { fmt, type ItemResult, ratioText, row } from './result.js';
import { interleave, ratios, summarize } from './stats.js';

export interface EventOptions {
  /** Rounds of the target pair (express, hubcast on node:http), alternating A B, B A, ... */
  pairs: number;
  /** Rounds of the other hubcast servers, each with express again. */
  rounds: number;
  /** Length of one server's turn in a round. */
  durationMs: number;
  /** Requests in flight (keep-alive connections of the load generator). */
  concurrency: number;
  /** Distinct client connections the events come from. */
  connections: number;
}

export const EVENT_DEFAULTS: EventOptions = {
  pairs: 10,
  rounds: 3,
  durationMs: 1000,
  concurrency: 16,
  connections: 1000,
};

const HUB = 'chat';
const PATH = '/api/webpubsub/hubs/chat/';
/** The service's secondary key: it signs with both, the app knows the primary (its connection string). */
const SECONDARY_KEY = 'c2Vjb25kYXJ5LWtleS1mb3ItYmVuY2gtOTg3NjU0MzIxMC1hYmNkZWZnaA==';
/** Signs the events of the forged-signature check: a key neither the service nor the app has. */
const FORGED_KEY = 'Zm9yZ2VkLWtleS1ub2JvZHktaGFzLWl0LTAxMjM0NTY3ODktYWJjZGVmZ2g=';
/** hubcast on node:http again, every event from a connection it has never seen: an HMAC each. */
const FRESH = 'hubcastNodeFresh';
type Contender = EventServerName | typeof FRESH;
/** The target's two servers, measured in alternation so that other jobs on the machine hit both alike. */
const PAIR = ['azureExpress', 'hubcastNode'] as const satisfies Contender[];
/** The other servers, each against express in the same rounds (their ratios are notes). */
const OTHERS = [
  'azureExpress',
  'hubcastExpress',
  'hubcastFetch',
  FRESH,
] as const satisfies Contender[];

interface Ran {
  type: 'ran';
  completed: number;
  perSecond: number;
  /** CPU µs of the load generator per request. */
  cpuPerRequest: number;
  failure?: string;
}

/** The load of every server: the service's two keys, events from `connections` client connections. */
function specFor(server: EventServer, options: EventOptions): LoadSpec {
  return {
    port: server.port,
    path: PATH,
    hub: HUB,
    accessKeys: [ACCESS_KEY, SECONDARY_KEY],
    connections: options.connections,
  };
}

/**
 * Sends every server the same events signed with a key the app does not have: hubcast must refuse
 * them (401), the official package answers them (it never looks at ce-signature). Returns how many
 * servers refused them; throws if any server did otherwise.
 */
async function refusedForged(load: Child, servers: Record<EventServerName, EventServer>) {
  const forged = {} as Record<EventServerName, string>;
  for (const name of EVENT_SERVERS) {
    const spec = {
      ...specFor(servers[name], EVENT_DEFAULTS),
      accessKeys: [FORGED_KEY],
      connections: 1,
    };
    const ran = await load.ask<Ran>(
      { type: 'run', spec, durationMs: 50, concurrency: 1 },
      'ran',
      30_000,
    );
    forged[name] = ran.failure === undefined ? 'answered 200' : ran.failure.slice(0, 12);
  }
  const refused = EVENT_SERVERS.filter((name) => forged[name] === 'answered 401');
  const hubcast = EVENT_SERVERS.filter((name) => name !== 'azureExpress');
  if (refused.length !== hubcast.length || forged.azureExpress !== 'answered 200') {
    throw new Error(`Events with a forged signature: ${JSON.stringify(forged)}`);
  }
  return refused.length;
}

export async function measureEventHandlers(options = EVENT_DEFAULTS): Promise<ItemResult> {
  const load: Child = await startChild('event-load-process');
  const servers: Partial<Record<EventServerName, EventServer>> = {};
  try {
    const conn = connectionString('https://bench.webpubsub.azure.com', ACCESS_KEY);
    for (const name of EVENT_SERVERS) servers[name] = await startEventServer(name, HUB, PATH, conn);
    const contenders = [...EVENT_SERVERS, FRESH] as Contender[];
    const perContender = () =>
      Object.fromEntries(contenders.map((name) => [name, [] as number[]])) as Record<
        Contender,
        number[]
      >;
    const cpu = perContender();
    const loadCpu = perContender();
    let completed = 0;
    const rate =
      (name: Contender, counted = true) =>
      async () => {
        const server = servers[name === FRESH ? 'hubcastNode' : name] as EventServer;
        const spec: LoadSpec = { ...specFor(server, options), freshConnections: name === FRESH };
        const before = process.cpuUsage();
        const ran = await load.ask<Ran>(
          { type: 'run', spec, durationMs: options.durationMs, concurrency: options.concurrency },
          'ran',
          options.durationMs + 30_000,
        );
        const used = process.cpuUsage(before);
        if (ran.failure !== undefined) throw new Error(`${name}: ${ran.failure}`);
        if (counted) {
          completed += ran.completed;
          cpu[name].push((used.user + used.system) / Math.max(1, ran.completed));
          loadCpu[name].push(ran.cpuPerRequest);
        }
        return ran.perSecond;
      };
    const forgedRefused = await refusedForged(
      load,
      servers as Record<EventServerName, EventServer>,
    );
    // A short warm-up each (JIT, the signature cache), not counted.
    for (const name of contenders) await rate(name, false)();
    const rates = <K extends Contender>(names: readonly K[]) =>
      Object.fromEntries(names.map((name) => [name, rate(name)])) as Record<
        K,
        () => Promise<number>
      >;
    const paired = await interleave(rates(PAIR), options.pairs);
    const others = await interleave(rates(OTHERS), options.rounds);
    const samples = { ...others, ...paired };
    const target = ratios(paired.hubcastNode, paired.azureExpress);
    const vs = (name: (typeof OTHERS)[number]) => ratios(others[name], others.azureExpress);
    const labels = {
      ...EVENT_SERVER_LABELS,
      [FRESH]: `${EVENT_SERVER_LABELS.hubcastNode}, every event from a new connection`,
    };
    const medians = (values: Record<Contender, number[]>) =>
      contenders.map((name) => `${name} ${fmt(summarize(values[name]).median)}`).join(', ');
    return {
      item: 6,
      title: 'Event handler requests',
      method: `Express and hubcast on node:http (the target) in ${options.pairs} rounds of ${options.durationMs} ms each, alternating which goes first, so that other jobs on the machine hit both alike; the other servers in ${options.rounds} interleaved rounds with Express again, for the notes. A load generator in a separate process keeps ${options.concurrency} keep-alive connections busy with signed \`user\` CloudEvents (JSON body, ce-signature for the primary and secondary keys, events from ${fmt(options.connections)} client connections) and checks every answer (200 and the app's exact JSON reply); ${fmt(completed)} answers checked in the counted rounds. The same app (handleUserEvent echoes the event with the sender's user id) on every server. Before the rounds, the same events signed with a key the app does not have: every hubcast server answered 401, the official package 200.`,
      rows: contenders.map((name) => row(labels[name], 'requests/s', summarize(samples[name]))),
      checks: [
        {
          target:
            'hubcast (getMiddleware() on node:http) ≥ 2× @azure/web-pubsub-express in Express, with the signature checked',
          measured: ratioText(target),
          met: target.median >= 2,
        },
      ],
      notes: [
        `Against @azure/web-pubsub-express in Express: hubcast in Express ${ratioText(vs('hubcastExpress'))}; fetch() on srvx ${ratioText(vs('hubcastFetch'))}; node:http with every event from a new connection ${ratioText(vs(FRESH))}.`,
        `CPU time per request (median µs) of the servers' process: ${medians(cpu)}; of the load generator (one process on the same cores, so it can cap the fastest server): ${medians(loadCpu)}.`,
      ],
      facts: { completed, forgedRefused },
    };
  } finally {
    await load.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
  }
}
