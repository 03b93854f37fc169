// Runtime matrix: the built @hubcast/server mints client tokens and sends through the emulator from
// inside real Node 20/22/24, Deno, Bun, workerd and headless Chromium processes. The harness connects
// the official clients with the tokens each runtime minted, and checks that exactly the nonce it
// handed out arrives on both. Each runtime then serves signed service-to-app requests (a CloudEvents
// connect, a forged one, SignalR upstream invocations in JSON and MessagePack) through
// @hubcast/server/events. Under CI=true a runtime that cannot be obtained fails its row.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { SignalRServiceClient } from '@hubcast/server';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { type ControlServer, startControlServer } from './harness/control-server.js';
import { eventCases } from './harness/event-cases.js';
import { type Installed, installRuntime, NPM_RUNTIMES } from './harness/install-runtimes.js';
import {
  bundle,
  findChromium,
  type Launched,
  launchChromium,
  launchCli,
  launchWorkerd,
  workerdVersion,
} from './harness/launchers.js';
import { verifyRow } from './harness/verify-row.js';

let emulator: Emulator;
let server: ControlServer;
const { version: serverVersion } = createRequire(import.meta.url)('@hubcast/server/package.json');

/** The User-Agent @hubcast/server must send on a runtime: `hubcast/<version> (<runtime>)`. */
function userAgentOf(kind: string, version: string | null): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const runtime: Record<string, string> = {
    node: `Node\\.js/${literal(String(version))}`,
    deno: `Deno/${literal(String(version))}`,
    bun: `Bun/${literal(String(version))}`,
    workerd: 'Cloudflare-Workers',
    // The browser's own user agent string.
    chromium: `Mozilla/5\\.0 .*Chrome/${literal(String(version).split('.')[0] ?? '')}\\..*`,
  };
  return new RegExp(`^hubcast/${literal(serverVersion)} \\((${runtime[kind]})\\)$`);
}

const installed = new Map<string, Promise<Installed>>();
const verified: string[] = [];
let eventsVerified = 0;
const skipped: string[] = [];

beforeAll(async () => {
  // Downloads (first run only) overlap with starting the emulator and bundling.
  for (const runtime of NPM_RUNTIMES) installed.set(runtime.label, installRuntime(runtime));
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  server = await startControlServer({
    webPubSubEndpoint: emulator.webPubSub.endpoint,
    signalREndpoint: emulator.signalR.endpoint,
    browserBundle: await bundle('browser-entry.mjs', 'browser'),
  });
  // Under the hook's timeout, not a row's: a cold machine downloads some 300 MB here.
  await Promise.all(installed.values());
});

afterAll(async () => {
  await server?.close();
  await emulator?.close();
  const count = verified.length;
  const failed = rows.length - count - skipped.length;
  console.log(
    `runtime matrix: ${count} runtimes (${verified.join(', ')}), ${count * 2} tokens verified, ` +
      `${count * 3} sends delivered (Web PubSub, SignalR v1 and SignalR 2024-12-01 each), ${eventsVerified} event-handler requests verified` +
      (failed > 0 ? `; ${failed} FAILED` : '') +
      (skipped.length ? `; SKIPPED: ${skipped.join('; ')}` : ''),
  );
});

/** A runtime that is not there: fatal under CI, a loud skip on a developer's machine. */
function missing(context: TestContext, label: string, reason: string): void {
  if (process.env.CI && process.env.CI !== 'false')
    throw new Error(`${label} is required under CI=true: ${reason}`);
  skipped.push(`${label} (${reason})`);
  console.warn(`\n!!! runtime matrix: SKIPPING ${label}: ${reason}\n`);
  context.skip();
}

interface Row {
  label: string;
  kind: string;
  pinned?: string;
  /** Starts the runtime for a run, or says why it cannot. */
  prepare(): Promise<((runId: string) => Promise<Launched>) | string>;
  /** The version when the runtime cannot report its own. */
  versionOf?(): Promise<string>;
}

const rows: Row[] = [
  ...NPM_RUNTIMES.map((runtime) => ({
    label: runtime.label,
    kind: runtime.kind,
    pinned: runtime.version,
    async prepare() {
      const result = await (installed.get(runtime.label) as Promise<Installed>);
      if (!result.ok) return result.reason;
      return async (runId: string) =>
        launchCli(runtime.kind, result.executable, server.origin, runId);
    },
  })),
  {
    label: 'workerd',
    kind: 'workerd',
    prepare: async () => (runId) => launchWorkerd(server.origin, runId),
    versionOf: workerdVersion,
  },
  {
    label: 'chromium',
    kind: 'chromium',
    async prepare() {
      const executable = findChromium();
      if (!executable) return 'no chromium on PATH (Debian: apt-get install chromium)';
      return (runId) => launchChromium(executable, server.origin, runId);
    },
  },
];

describe('runtime matrix', () => {
  for (const row of rows) {
    it(row.label, async (context) => {
      const launch = await row.prepare();
      if (typeof launch === 'string') return missing(context, row.label, launch);
      const slug = row.label.replace(/\W+/g, '_');
      const userId = `matrix-${slug}-${randomUUID().slice(0, 8)}`;
      const result = await verifyRow({
        server,
        launch,
        config: {
          hub: `matrix_${slug}`,
          userId,
          target: 'matrixNonce',
          webPubSub: { connectionString: emulator.webPubSub.connectionString },
          signalR: { connectionString: emulator.signalR.connectionString },
          events: eventCases({
            hub: `matrix_${slug}`,
            userId,
            webPubSubConnectionString: emulator.webPubSub.connectionString,
            signalRConnectionString: emulator.signalR.connectionString,
          }),
        },
        browser: row.kind === 'chromium',
        signalR: new SignalRServiceClient(emulator.signalR.connectionString, `matrix_${slug}`),
      });
      expect(result.runtime.name).toBe(row.kind);
      if (row.pinned) expect(result.runtime.version).toBe(row.pinned);
      const version = result.runtime.version ?? (await row.versionOf?.());
      expect(version).toMatch(/^\d[\w.-]*$/);
      // Every request named hubcast and the runtime it ran on (browsers: as x-ms-useragent).
      expect(result.userAgents.length).toBeGreaterThanOrEqual(3);
      for (const [header, agent] of result.userAgents) {
        expect(header).toBe(row.kind === 'chromium' ? 'x-ms-useragent' : 'user-agent');
        expect(agent).toMatch(userAgentOf(row.kind, result.runtime.version));
      }
      verified.push(`${row.kind} ${version}`);
      eventsVerified += result.eventsVerified;
    });
  }
});
