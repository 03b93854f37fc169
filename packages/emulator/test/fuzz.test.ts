// Property-based fuzz of the emulator (fast-check, fixed seed, bounded in runs and time): random REST
// requests to both services and random frames on authenticated WebSockets of both services. Every
// answer must be below 500 and a 4xx the README documents; sockets may only close with documented
// codes; afterwards both services still answer, and nothing threw outside a request.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RestCase,
  restCase,
  signalRFrame,
  type UpgradeCase,
  upgradeCase,
  type WsFrame,
  webPubSubFrame,
} from './helpers/fuzz-arbitraries.js';
import { signalRMessagePackFrame } from './helpers/fuzz-signalr.js';
import {
  type Emulator,
  KEY,
  restCall,
  signToken,
  startTestEmulator,
  UpgradeRejected,
  WsProbe,
} from './helpers.js';

const SEED = 20_240_607;
const TIME_LIMIT_MS = 15_000;
const RUNS = 400;

const statusSection = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  .split('## Status codes')[1]
  ?.split('\n## ')[0];
/** The 4xx codes of the README's "Status codes" table. */
const documented4xx = statusSection
  ?.match(/^\| (4\d\d) \|/gm)
  ?.map((row) => Number(row.slice(2, 5)));
/** The codes of its "WebSocket handshakes are refused with …" paragraph. */
const documentedUpgrade4xx = statusSection
  ?.split('WebSocket handshakes are refused with')[1]
  ?.split('\n\n')[0]
  ?.match(/\b4\d\d\b/g)
  ?.map(Number);
/** Close codes a fuzzed frame may cause (README); 1011 and an abnormal 1006 never may. */
const ALLOWED_CLOSE_CODES = [1000, 1009];

let emulator: Emulator;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const escaped: unknown[] = [];
const recordEscape = (error: unknown) => escaped.push(error);
const figures = { rest: 0, ws: 0, upgrades: 0, fiveHundreds: 0 };

beforeAll(async () => {
  process.on('uncaughtException', recordEscape);
  process.on('unhandledRejection', recordEscape);
  emulator = await startTestEmulator();
});
afterAll(async () => {
  process.off('uncaughtException', recordEscape);
  process.off('unhandledRejection', recordEscape);
  agent.destroy();
  await emulator.close();
});

interface Answer {
  readonly status: number;
  readonly errorCode: string | undefined;
}

async function sendRest(c: RestCase): Promise<Answer> {
  const endpoint = emulator[c.service].endpoint;
  const headers: Record<string, string> = {};
  if (c.auth !== 'none') {
    const key = c.auth === 'valid' ? KEY : `${KEY}forged`;
    headers.authorization = `Bearer ${await signToken({ aud: endpoint + c.target }, { key })}`;
  }
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  if (c.body !== undefined) headers['content-length'] = String(Buffer.byteLength(c.body));
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${c.target}`, { method: c.method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        const code = res.headers['x-ms-error-code'];
        resolve({
          status: res.statusCode ?? 0,
          errorCode: typeof code === 'string' ? code : undefined,
        });
      });
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

/** 101 when the socket opened (it is closed again at once), else the refusal's status. */
async function handshake(c: UpgradeCase): Promise<number> {
  const endpoint = emulator[c.service].endpoint;
  let url = `${endpoint.replace(/^http/, 'ws')}${c.target}`;
  if (c.token) {
    const target = new URL(`${endpoint}${c.target}`);
    const hub = target.searchParams.get('hub');
    const aud = `${endpoint}${target.pathname}${hub === null ? '' : `?hub=${encodeURIComponent(hub)}`}`;
    url += `${c.target.includes('?') ? '&' : '?'}access_token=${await signToken({ aud })}`;
  }
  try {
    await (await WsProbe.connect(url, c.protocols)).close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRejected) return error.status;
    throw error;
  }
}

function checkAnswer(answer: Answer, what: string): void {
  if (answer.status >= 500) figures.fiveHundreds++;
  expect(answer.status, what).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(documented4xx, what).toContain(answer.status);
  // Node answers 431 itself; every 4xx of the emulator names its error code.
  if (answer.status !== 431) expect(answer.errorCode, what).toMatch(/^[A-Za-z]+$/);
}

async function expectHealthy(): Promise<void> {
  const wps = await restCall(
    'HEAD',
    `${emulator.webPubSub.endpoint}/api/health?api-version=2024-12-01`,
  );
  const sr = await restCall('HEAD', `${emulator.signalR.endpoint}/api/v1/health`);
  expect([wps.status, sr.status]).toEqual([200, 200]);
}

const fcOptions = (runs: number) => ({
  seed: SEED,
  numRuns: runs,
  interruptAfterTimeLimit: TIME_LIMIT_MS,
  markInterruptAsFailure: false,
  endOnFailure: true,
});

describe('emulator fuzz', () => {
  it('finds the documented 4xx codes in the README', () => {
    expect(documented4xx).toEqual(expect.arrayContaining([400, 401, 404]));
    expect(documentedUpgrade4xx).toEqual(expect.arrayContaining([401]));
  });

  it('opens or refuses random WebSocket handshakes with a documented 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(upgradeCase, async (c) => {
        const outcome = await handshake(c);
        if (outcome >= 500) figures.fiveHundreds++;
        if (outcome !== 101)
          expect(documentedUpgrade4xx, `${c.service} ${c.target}`).toContain(outcome);
        figures.upgrades++;
      }),
      fcOptions(RUNS / 2),
    );
    await expectHealthy();
  }, 60_000);

  it('answers random REST requests with no 5xx and only documented 4xx codes', async () => {
    await fc.assert(
      fc.asyncProperty(restCase, async (c) => {
        const what = `${c.method} ${c.service} ${c.target.slice(0, 200)}`;
        checkAnswer(await sendRest(c), what);
        figures.rest++;
      }),
      fcOptions(RUNS),
    );
    await expectHealthy();
  }, 60_000);

  it('survives random frames on authenticated WebSockets of both services', async () => {
    const pool = new SocketPool();
    const kinds = fc.constantFrom<SocketKind>(
      'wps-plain',
      'wps-json',
      'wps-reliable',
      'signalr',
      'signalr-msgpack',
    );
    const framesOf = { signalr: signalRFrame, 'signalr-msgpack': signalRMessagePackFrame };
    const frames = kinds.chain((kind) =>
      (kind in framesOf ? framesOf[kind as keyof typeof framesOf] : webPubSubFrame).map(
        (frame) => ({ kind, frame }),
      ),
    );
    try {
      await fc.assert(
        fc.asyncProperty(frames, async ({ kind, frame }) => {
          await pool.exercise(kind, frame);
          figures.ws++;
        }),
        fcOptions(RUNS),
      );
      expect(pool.closeCodes.filter((code) => !ALLOWED_CLOSE_CODES.includes(code))).toEqual([]);
      await expectHealthy();
    } finally {
      await pool.closeAll();
    }
  }, 60_000);

  it('takes JSON nested 64 levels deep and refuses 65 (REST 400, client request ack)', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const url = `${emulator.webPubSub.endpoint}/api/hubs/fuzz/:send?api-version=2024-12-01`;
    const send = (body: string) => restCall('POST', url, { body, contentType: 'application/json' });
    expect((await send(nested(64))).status).toBe(202);
    const refused = await send(nested(65));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'InvalidRequestBody', target: 'body' });

    const probe = await new SocketPool().open('wps-json');
    const request = (ackId: number, depth: number) =>
      `{"type":"sendToGroup","group":"room","ackId":${ackId},"dataType":"json","data":${nested(depth)}}`;
    probe.socket.send(request(1, 63)); // 63 inside the request object: 64 in all
    expect(await probe.nextJson()).toMatchObject({ type: 'message', group: 'room' });
    expect(await probe.nextJson()).toEqual({ type: 'ack', ackId: 1, success: true });
    probe.socket.send(request(2, 64));
    expect(await probe.nextJson()).toMatchObject({
      type: 'ack',
      ackId: 2,
      success: false,
      error: { name: 'InvalidRequest' },
    });
    await probe.close();
  });

  it('closes a SignalR socket whose record stays unterminated past 1 MB with 1009', async () => {
    const probe = await new SocketPool().open('signalr');
    const chunk = 'x'.repeat(600 * 1024);
    probe.socket.send(chunk);
    probe.socket.send(chunk);
    expect((await probe.closed).code).toBe(1009);
  });

  it('left nothing uncaught, and prints its figures', () => {
    expect(escaped).toEqual([]);
    expect(figures.rest).toBeGreaterThan(0);
    expect(figures.ws).toBeGreaterThan(0);
    expect(figures.upgrades).toBeGreaterThan(0);
    console.log(
      `emulator fuzz: seed ${SEED}, ${figures.rest} REST + ${figures.ws + figures.upgrades} WebSocket ` +
        `cases (${figures.upgrades} handshakes, ${figures.ws} frames), ` +
        `${escaped.length} crashes, ${figures.fiveHundreds} 5xx`,
    );
  });
});

type SocketKind = 'wps-plain' | 'wps-json' | 'wps-reliable' | 'signalr' | 'signalr-msgpack';

const wpsProtocols: Record<string, string | undefined> = {
  'wps-plain': undefined,
  'wps-json': 'json.webpubsub.azure.v1',
  'wps-reliable': 'json.reliable.webpubsub.azure.v1',
};

/** One open socket per kind, reopened when a fuzzed frame made the server close it. */
class SocketPool {
  readonly #open = new Map<SocketKind, WsProbe>();
  readonly closeCodes: number[] = [];
  #probeId = 0;

  async open(kind: SocketKind): Promise<WsProbe> {
    if (kind === 'signalr' || kind === 'signalr-msgpack') {
      const aud = `${emulator.signalR.endpoint}/client/?hub=${hubOf(kind)}`;
      const token = await signToken({ aud, sub: 'fuzzer' });
      const probe = await WsProbe.connect(`${aud.replace(/^http/, 'ws')}&access_token=${token}`);
      const protocol = kind === 'signalr' ? 'json' : 'messagepack';
      probe.socket.send(`{"protocol":"${protocol}","version":1}\x1e`);
      expect((await probe.next()).data.toString()).toBe('{}\x1e');
      return probe;
    }
    const aud = `${emulator.webPubSub.endpoint}/client/hubs/fuzz`;
    const token = await signToken({
      aud,
      sub: 'fuzzer',
      role: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'],
      'webpubsub.group': ['room'],
    });
    const probe = await WsProbe.connect(
      `${aud.replace(/^http/, 'ws')}?access_token=${token}`,
      wpsProtocols[kind],
    );
    if (kind !== 'wps-plain') expect(await probe.nextJson()).toMatchObject({ event: 'connected' });
    return probe;
  }

  /** Sends the frame, then a round trip that proves the server handled it and is still there. */
  async exercise(kind: SocketKind, frame: WsFrame & { split?: boolean }): Promise<void> {
    let probe = this.#open.get(kind);
    if (!probe) {
      probe = await this.open(kind);
      this.#open.set(kind, probe);
    }
    const send = (data: string | Uint8Array) => probe.socket.send(data, { binary: frame.binary });
    if (frame.split && frame.data.length > 1) {
      const middle = Math.floor(frame.data.length / 2);
      send(frame.data.slice(0, middle));
      send(frame.data.slice(middle));
    } else {
      send(frame.data);
    }
    const outcome = await Promise.race([this.#roundTrip(kind, probe), probe.closed]);
    if (outcome !== undefined) {
      this.closeCodes.push(outcome.code);
      this.#open.delete(kind);
    }
  }

  async #roundTrip(kind: SocketKind, probe: WsProbe): Promise<undefined> {
    if (kind === 'wps-plain') {
      await expectHealthy(); // plain clients' messages go nowhere; the service must still answer
      return undefined;
    }
    const id = `probe-${++this.#probeId}`;
    if (kind === 'signalr' || kind === 'signalr-msgpack') {
      // Client invocations get no answer without an upstream, so a REST broadcast to the socket's
      // hub is the round trip: it arrives after what the fuzzed frame caused.
      const hub = hubOf(kind);
      const url = `${emulator.signalR.endpoint}/api/v1/hubs/${hub}`;
      const body = JSON.stringify({ target: id, arguments: [] });
      await restCall('POST', url, { body, contentType: 'application/json' });
    } else {
      probe.socket.send('{"type":"ping"}');
    }
    for (;;) {
      const frame = (await probe.next(5000)).data;
      if (
        kind.startsWith('signalr') ? frame.includes(id) : frame.toString() === '{"type":"pong"}'
      ) {
        return undefined;
      }
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open.values()].map((probe) => probe.close()));
  }
}

/** One SignalR hub per socket kind, so a round-trip broadcast reaches only that socket. */
function hubOf(kind: SocketKind): string {
  return kind === 'signalr' ? 'fuzz' : 'fuzz_msgpack';
}
