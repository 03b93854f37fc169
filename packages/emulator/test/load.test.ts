// Load: 1,000 concurrent client WebSockets (500 Web PubSub in three protocols, 500 SignalR, a few of
// them the official clients) and 10,000 REST sends (broadcast, group, user) that each carry a sequence
// number. Every expected delivery must arrive exactly once and in send order per connection; after the
// clients disconnect, the service state is empty again and the heap is back near its baseline.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LoadClient, type LoadClientKind, openLoadClient } from './helpers/load-clients.js';
import { LoadRest } from './helpers/load-rest.js';
import { type Emulator, eventually, startTestEmulator } from './helpers.js';

const CONNECTIONS_PER_SERVICE = 500;
const MESSAGES_PER_SERVICE = 5_000;
const USERS = 50; // 10 connections each
const GROUPS = 25; // 20 connections each; a user's connections share one group
const BROADCAST_EVERY = 250;
const OPEN_BATCH = 50;
const WARMUP_CONNECTIONS = 60;
const WARMUP_MESSAGES = 1_000;
/**
 * Allowed growth of the object heap after disconnect. 1,000 connections hold about 10 MB (both ends,
 * all in this process); leaking only the emulator's side of the 500 SignalR ones adds about 1.8 MB.
 */
const HEAP_SLACK_MB = 2;
const HUB = 'load';

// Exposes gc() without a node flag: the suite runs in vitest's worker like every other file.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let emulator: Emulator;
const rest = new LoadRest();
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  rest.reset();
  await emulator.close();
});

type Service = 'webPubSub' | 'signalR';
const kindsOf: Record<Service, { official: LoadClientKind; raw: LoadClientKind[] }> = {
  webPubSub: { official: 'wps-official', raw: ['wps-plain', 'wps-json', 'wps-reliable'] },
  signalR: { official: 'signalr-official', raw: ['signalr-raw'] },
};
const OFFICIAL_PER_SERVICE = 2;

interface Send {
  readonly seq: number;
  readonly to: 'all' | 'group' | 'user';
  readonly name: string;
  /** Group and user sends of one shard reach only that shard's connections (group `g{shard}`). */
  readonly shard: number;
}

/** Mostly group and user sends, a broadcast every BROADCAST_EVERY messages. */
function plan(): Send[] {
  return Array.from({ length: MESSAGES_PER_SERVICE }, (_, i) => {
    const seq = i + 1;
    if (i % BROADCAST_EVERY === 0) return { seq, to: 'all', name: '', shard: -1 };
    const user = (seq >> 1) % USERS;
    const group = (seq >> 1) % GROUPS;
    return seq % 2 === 1
      ? { seq, to: 'group', name: `g${group}`, shard: group }
      : { seq, to: 'user', name: `u${user}`, shard: user % GROUPS };
  });
}

function sendRequest(service: Service, hub: string, send: Send): [string, string] {
  const base = emulator[service].endpoint;
  if (service === 'webPubSub') {
    const path = { all: '', group: `/groups/${send.name}`, user: `/users/${send.name}` }[send.to];
    return [`${base}/api/hubs/${hub}${path}/:send?api-version=2024-12-01`, `{"s":${send.seq}}`];
  }
  const path = { all: '', group: `/groups/${send.name}`, user: `/users/${send.name}` }[send.to];
  return [`${base}/api/v1/hubs/${hub}${path}`, `{"Target":"m","Arguments":[${send.seq}]}`];
}

/**
 * Sends so that every connection sees its messages in sequence order: shards (disjoint sets of
 * connections) send concurrently, each one request at a time, and a broadcast waits for all of them.
 * Returns the statuses that were not 202.
 */
async function sendAll(service: Service, hub: string, sends: readonly Send[]): Promise<number[]> {
  const failures: number[] = [];
  const post = async (send: Send) => {
    const [url, body] = sendRequest(service, hub, send);
    const { status } = await rest.call('POST', url, body);
    if (status !== 202) failures.push(status);
  };
  let pending: Send[] = [];
  const drain = async () => {
    const lanes = new Map<number, Send[]>();
    for (const send of pending) lanes.set(send.shard, [...(lanes.get(send.shard) ?? []), send]);
    pending = [];
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        for (const send of lane) await post(send);
      }),
    );
  };
  for (const send of sends) {
    if (send.shard >= 0) {
      pending.push(send);
      continue;
    }
    await drain();
    await post(send);
  }
  await drain();
  return failures;
}

async function openClients(service: Service, count: number, hub: string): Promise<LoadClient[]> {
  const { official, raw } = kindsOf[service];
  const clients: LoadClient[] = [];
  for (let start = 0; start < count; start += OPEN_BATCH) {
    const batch = Array.from({ length: Math.min(OPEN_BATCH, count - start) }, (_, j) => {
      const i = start + j;
      const kind = i < OFFICIAL_PER_SERVICE ? official : (raw[i % raw.length] as LoadClientKind);
      const user = i % USERS;
      return openLoadClient(emulator, rest, kind, {
        hub,
        user: `u${user}`,
        group: `g${user % GROUPS}`,
      });
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

/** SignalR group membership by user, which also covers the user's connections opened later. */
async function signalRUserGroups(method: 'PUT' | 'DELETE', hub: string): Promise<void> {
  const base = `${emulator.signalR.endpoint}/api/v1/hubs/${hub}`;
  for (let user = 0; user < USERS; user++) {
    const url =
      method === 'PUT'
        ? `${base}/groups/g${user % GROUPS}/users/u${user}`
        : `${base}/users/u${user}/groups`;
    expect((await rest.call(method, url)).status).toBeLessThan(300);
  }
}

function expectedFor(client: LoadClient, sends: readonly Send[]): number[] {
  return sends
    .filter(
      (s) =>
        s.to === 'all' || (s.to === 'group' ? s.name === client.group : s.name === client.user),
    )
    .map((s) => s.seq);
}

/** Compares what arrived with what was sent to each client: lost, unexpected, out of order. */
function audit(clients: readonly LoadClient[], sends: readonly Send[]) {
  let lost = 0;
  let unexpected = 0;
  let outOfOrder = 0;
  for (const client of clients) {
    const expected = new Set(expectedFor(client, sends));
    const arrived = new Set(client.received);
    for (const seq of expected) if (!arrived.has(seq)) lost++;
    for (const seq of client.received) if (!expected.has(seq)) unexpected++;
    unexpected += client.received.length - arrived.size; // duplicates
    for (let i = 1; i < client.received.length; i++) {
      if ((client.received[i] as number) <= (client.received[i - 1] as number)) outOfOrder++;
    }
  }
  return { lost, unexpected, outOfOrder };
}

/** Every connection, user and group of the hub is gone from both services. */
async function expectStateEmpty(hub: string, clients: readonly LoadClient[]): Promise<void> {
  const wps = `${emulator.webPubSub.endpoint}/api/hubs/${hub}`;
  const sr = `${emulator.signalR.endpoint}/api/v1/hubs/${hub}`;
  const q = '?api-version=2024-12-01';
  const checks = [
    ...Array.from({ length: USERS }, (_, u) => [`${wps}/users/u${u}${q}`, `${sr}/users/u${u}`]),
    ...Array.from({ length: GROUPS }, (_, g) => [`${wps}/groups/g${g}${q}`, `${sr}/groups/g${g}`]),
    ...clients
      .filter((c) => c.connectionId !== undefined)
      .map((c) => [
        c.service === 'webPubSub'
          ? `${wps}/connections/${c.connectionId}${q}`
          : `${sr}/connections/${c.connectionId}`,
      ]),
  ].flat();
  await eventually(async () => {
    const statuses = await Promise.all(
      checks.map(async (url) => (await rest.call('HEAD', url)).status),
    );
    return statuses.every((status) => status === 404);
  }, 15_000);
}

/** Heap in use once idle HTTP sockets are closed, cached tokens dropped and garbage collected. */
async function heapMb(): Promise<number> {
  rest.reset();
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let i = 0; i < 4; i++) gc();
  // Compiled code is not state; only the spaces that hold objects count.
  const objects = getHeapSpaceStatistics().filter((space) => !space.space_name.startsWith('code'));
  return objects.reduce((sum, space) => sum + space.space_used_size, 0) / 2 ** 20;
}

/**
 * The official clients abort a signal on stop, and its DOMException's captured stack would keep the
 * receiver of every frame alive, so close() is never called from a method of the clients array.
 */
function closeAll(clients: readonly LoadClient[]): Promise<unknown> {
  const closing: Promise<void>[] = [];
  for (const client of clients) closing.push(client.close());
  return Promise.all(closing);
}

it('delivers 10,000 sends to 1,000 connections with nothing lost, in order, then frees them', async () => {
  // A smaller round first, so code the JIT compiles and buffers created once are in the baseline.
  await signalRUserGroups('PUT', 'warmup');
  const warm = [
    ...(await openClients('webPubSub', WARMUP_CONNECTIONS, 'warmup')),
    ...(await openClients('signalR', WARMUP_CONNECTIONS, 'warmup')),
  ];
  const warmSends = plan().slice(0, WARMUP_MESSAGES);
  await Promise.all([
    sendAll('webPubSub', 'warmup', warmSends),
    sendAll('signalR', 'warmup', warmSends),
  ]);
  await closeAll(warm);
  await signalRUserGroups('DELETE', 'warmup');
  await expectStateEmpty('warmup', warm);
  warm.length = 0;
  const baseline = await heapMb();

  await signalRUserGroups('PUT', HUB);
  let clients = [
    ...(await openClients('webPubSub', CONNECTIONS_PER_SERVICE, HUB)),
    ...(await openClients('signalR', CONNECTIONS_PER_SERVICE, HUB)),
  ];
  const sends = plan();
  const failures = await Promise.all([
    sendAll('webPubSub', HUB, sends),
    sendAll('signalR', HUB, sends),
  ]);
  expect(failures.flat()).toEqual([]);

  const expectedTotal = clients.reduce((n, c) => n + expectedFor(c, sends).length, 0);
  const arrived = () => clients.reduce((n, c) => n + c.received.length, 0);
  await eventually(() => arrived() >= expectedTotal, 30_000).catch(() => undefined);
  const result = audit(clients, sends);
  expect({ ...result, delivered: arrived() }).toEqual({
    lost: 0,
    unexpected: 0,
    outOfOrder: 0,
    delivered: expectedTotal,
  });
  const connectedMb = (await heapMb()) - baseline;

  await closeAll(clients);
  await signalRUserGroups('DELETE', HUB);
  await expectStateEmpty(HUB, clients);
  const connections = clients.length;
  clients = [];
  const afterMb = (await heapMb()) - baseline;
  expect(afterMb).toBeLessThan(HEAP_SLACK_MB);

  console.log(
    `emulator load: ${connections} connections, ${sends.length * 2} messages, ${expectedTotal} deliveries, ` +
      `${result.lost} lost, order kept, heap ${afterMb >= 0 ? '+' : ''}${afterMb.toFixed(1)} MB after disconnect ` +
      `(+${connectedMb.toFixed(1)} MB while connected)`,
  );
}, 180_000);
