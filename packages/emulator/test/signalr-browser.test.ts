// The official browser bundles of @microsoft/signalr (and its MessagePack protocol) in a real
// headless Chromium, on a page of another origin than the emulator: negotiate, server-sent events,
// long polling and WebSockets all go through CORS with credentials, as they do against Azure.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS } from './helpers/chromium.js';
import { signalRRest } from './helpers/signalr.js';
import { type Emulator, eventually, signToken, startTestEmulator } from './helpers.js';

const require = createRequire(import.meta.url);
const bundles = {
  '/signalr.js': join(
    dirname(require.resolve('@microsoft/signalr/package.json')),
    'dist/browser/signalr.min.js',
  ),
  '/msgpack.js': join(
    dirname(require.resolve('@microsoft/signalr-protocol-msgpack/package.json')),
    'dist/browser/signalr-protocol-msgpack.min.js',
  ),
};

const cases = [
  { name: 'sse-json', transport: 'ServerSentEvents', msgpack: false },
  { name: 'lp-json', transport: 'LongPolling', msgpack: false },
  { name: 'lp-msgpack', transport: 'LongPolling', msgpack: true },
  { name: 'ws-msgpack', transport: 'WebSockets', msgpack: true },
];

/** Runs in the page: one connection per case, each reporting its id and what it receives. */
function pageScript(
  connections: { name: string; transport: string; msgpack: boolean; url: string; token: string }[],
) {
  return `
const report = (body) => fetch('/report', { method: 'POST', body: JSON.stringify(body) });
for (const c of ${JSON.stringify(connections)}) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(c.url, { accessTokenFactory: () => c.token, transport: signalR.HttpTransportType[c.transport] })
    .configureLogging(signalR.LogLevel.None);
  if (c.msgpack) builder.withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol());
  const connection = builder.build();
  connection.on('newMessage', (text) => report({ name: c.name, received: text }));
  connection.start().then(
    () => report({ name: c.name, connectionId: connection.connectionId }),
    (error) => report({ name: c.name, error: String(error) }),
  );
}`;
}

let emulator: Emulator;
let page: Server;
let chromium: ChildProcess | undefined;
let profile: string;
const reports: Record<string, unknown>[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  const connections = await Promise.all(
    cases.map(async (c) => {
      const url = `${emulator.signalR.endpoint}/client/?hub=browser`;
      return { ...c, url, token: await signToken({ aud: url, nameid: c.name }) };
    }),
  );
  const html = `<!doctype html><script src="/signalr.js"></script><script src="/msgpack.js"></script>
<script>${pageScript(connections)}</script>`;
  page = createServer(async (req, res) => {
    if (req.url === '/report') {
      let body = '';
      for await (const chunk of req) body += chunk;
      reports.push(JSON.parse(body));
      return res.end();
    }
    const file = bundles[req.url as keyof typeof bundles];
    res.setHeader('content-type', file ? 'text/javascript' : 'text/html');
    res.end(file ? await readFile(file) : html);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
}, 30_000);

afterAll(async () => {
  if (chromium?.pid) process.kill(-chromium.pid, 'SIGKILL');
  if (profile) await rm(profile, { recursive: true, force: true });
  page?.close();
  await emulator?.close();
});

it.skipIf(!CHROMIUM)(
  'connects across origins over every transport and receives REST sends',
  async () => {
    profile = await mkdtemp(join(tmpdir(), 'hubcast-signalr-'));
    // Another origin than the emulator's: every request is cross-origin, with credentials.
    const origin = `http://localhost:${(page.address() as AddressInfo).port}`;
    chromium = spawn(
      CHROMIUM as string,
      ['--headless', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `${origin}/`],
      { detached: true, stdio: 'ignore' },
    );
    const started = () => reports.filter((r) => 'connectionId' in r || 'error' in r);
    await eventually(() => started().length === cases.length, 20_000);
    expect(reports.filter((r) => 'error' in r)).toEqual([]);
    for (const { name, connectionId } of started()) {
      const path = `browser/connections/${connectionId}`;
      const sent = await signalRRest(emulator.signalR.endpoint, 'POST', path, {
        Target: 'newMessage',
        Arguments: [`to ${name}`],
      });
      expect(sent.status).toBe(202);
    }
    await eventually(() => reports.filter((r) => 'received' in r).length === cases.length, 10_000);
    expect(
      reports
        .filter((r) => 'received' in r)
        .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    ).toEqual(
      cases
        .map((c) => ({ name: c.name, received: `to ${c.name}` }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  },
  60_000,
);
