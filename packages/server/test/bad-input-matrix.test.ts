// Bad-input matrix: every case throws (or rejects) a TypeError or RangeError naming the parameter,
// before any request reaches the recording server, and leaves the client working: a valid call of
// the same kind right after it succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';
import {
  BAD_INPUT_CASES,
  BAD_INPUT_KEY,
  type Clients,
  type Surface,
  thrown,
} from './helpers/bad-input-cases.js';
import { type RecordingServer, startRecordingServer } from './helpers/recording-server.js';

let server: RecordingServer;
let clients: Clients;
let validCs: string;
let cases = 0;
let reached = 0;

beforeAll(async () => {
  server = await startRecordingServer();
  validCs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${BAD_INPUT_KEY};Version=1.0;`;
  clients = {
    wps: new WebPubSubServiceClient(validCs, 'hub'),
    signalr: new SignalRServiceClient(validCs, 'hub'),
    signalrCurrent: new SignalRServiceClient(validCs, 'hub', { apiVersion: '2024-12-01' }),
  };
});
afterAll(async () => {
  await server.close();
  console.log(`bad-input matrix: ${cases} cases, ${reached} requests reached the server`);
  expect(cases).toBeGreaterThanOrEqual(60);
  expect(reached).toBe(0);
});

/** A valid call of the same kind as the bad one; it must still go through. */
const validCall: Record<Surface, () => Promise<unknown>> = {
  'Web PubSub': () => clients.wps.sendToAll('ok'),
  SignalR: () => clients.signalr.sendToAll('ok'),
  constructors: () => new SignalRServiceClient(validCs, 'hub').sendToAll('ok'),
  'connection strings': () => new WebPubSubServiceClient(validCs, 'hub').sendToAll('ok'),
};

describe.each(BAD_INPUT_CASES)('%s', (surface, table) => {
  it.each(table)('%s', async (_name, call, type, parameter) => {
    server.take();
    const error = await thrown(() => call(clients));
    cases++;
    const sent = server.take();
    reached += sent.length;
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(parameter);
    expect(sent).toHaveLength(0);

    await validCall[surface]();
    expect(server.take()).toHaveLength(1);
  });
});

describe('valid edge values pass', () => {
  it('accepts the limits', async () => {
    const long = (n: number) => 'x'.repeat(n);
    const { wps, signalr } = clients;
    server.take();
    await wps.sendToAll('x', { messageTtlSeconds: 0 });
    await wps.sendToAll('x', { messageTtlSeconds: 300 });
    await wps.groupExists(long(1024));
    // SignalR group names may be blank; only Web PubSub forbids it.
    await signalr.sendToGroup(' ', 'm');
    await signalr.addUserToGroup('u', 'g', { ttlSeconds: 0 });
    await wps.getClientAccessToken({ expirationTimeInMinutes: 1 });
    new WebPubSubServiceClient(validCs, `h${long(127)}`);
    new WebPubSubServiceClient(`${validCs}Version=1.1`.replace('Version=1.0;', ''), 'hub');
    new WebPubSubServiceClient('http://x.example', { key: 'k' }, 'hub', {
      allowInsecureConnection: true,
    });
    new WebPubSubServiceClient('http://localhost:8080', { key: 'k' }, 'hub');
    new WebPubSubServiceClient('http://[::1]:8080', { key: 'k' }, 'hub');
    new SignalRServiceClient(`Endpoint=x.example;AccessKey=k;ClientEndpoint=c.example`, 'hub');
    expect(server.take()).toHaveLength(5);
  });
});
