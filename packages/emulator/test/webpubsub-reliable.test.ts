// The reliable subprotocol really is reliable: @azure/web-pubsub-client behind a loopback TCP proxy
// that cuts the connection recovers the same connection (id, user, groups) and gets every message sent
// while it was away, in order; on the wire, unacknowledged messages are replayed exactly once; a
// recovery that cannot succeed is closed with 1008, so the client gives up at once.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { type OnGroupDataMessageArgs, WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CuttingProxy } from './helpers/cutting-proxy.js';
import {
  type Emulator,
  eventually,
  officialServiceClient,
  signToken,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

const RELIABLE = 'json.reliable.webpubsub.azure.v1';
let emulator: Emulator;
let proxy: CuttingProxy;
let service: WebPubSubServiceClient;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  proxy = await CuttingProxy.start(Number(new URL(emulator.webPubSub.endpoint).port));
  service = officialServiceClient(emulator, 'rel');
});
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
  proxy.restore();
});
afterAll(async () => {
  await proxy.close();
  await emulator.close();
});

/** A client URL through the proxy; the token's audience is the URL the emulator sees. */
async function proxiedUrl(userId: string): Promise<string> {
  const aud = `${proxy.endpoint}/client/hubs/rel`;
  const role = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];
  return `${aud.replace(/^http/, 'ws')}?access_token=${await signToken({ aud, sub: userId, role })}`;
}

function officialClient(url: string) {
  const client = new WebPubSubClient(url, { autoReconnect: false });
  const events = { connected: [] as string[], received: [] as unknown[], disconnected: 0 };
  client.on('connected', (e) => events.connected.push(e.connectionId));
  client.on('disconnected', () => events.disconnected++);
  client.on('server-message', (e) => events.received.push(e.message.data));
  client.on('group-message', (e: OnGroupDataMessageArgs) => events.received.push(e.message.data));
  const stopped = new Promise<void>((resolve) => client.on('stopped', () => resolve()));
  cleanup.push(() => client.stop());
  return { client, events, stopped };
}

describe('@azure/web-pubsub-client recovering through a cut connection', () => {
  it('keeps its connection id, user and groups, and gets what was sent while away, in order', async () => {
    const { client, events } = officialClient(await proxiedUrl('rita'));
    await client.start();
    await client.joinGroup('room');
    const [connectionId] = events.connected;
    await service.sendToAll('before');
    await eventually(() => events.received.length === 1);

    proxy.cut({ refuse: true }); // the client's first recovery attempts fail until restore()
    const away = ['a1', 'a2', 'a3'];
    await service.group('room').sendToAll(away[0] as string);
    await service.sendToUser('rita', away[1] as string);
    await service.sendToAll(away[2] as string);
    expect(await service.connectionExists(connectionId as string)).toBe(true);
    proxy.restore();

    await eventually(() => events.received.length === 4, 10_000);
    await service.group('room').sendToAll('after'); // still in the group after recovery
    await eventually(() => events.received.length === 5);
    expect(events.received).toEqual(['before', ...away, 'after']);
    expect(events.connected).toEqual([connectionId]); // `connected` fired once: it was a recovery
    expect(events.disconnected).toBe(0);
    expect(await service.userExists('rita')).toBe(true);
  });

  it('gives up at once (1008) when the connection ended while it was away', async () => {
    const { client, events, stopped } = officialClient(await proxiedUrl('gone'));
    await client.start();
    const [connectionId] = events.connected;
    proxy.cut({ refuse: true });
    await service.closeConnection(connectionId as string, { reason: 'removed while away' });
    const started = Date.now();
    proxy.restore();
    await stopped; // recovery refused with 1008: no 30 s of retries, the client stops
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(events.disconnected).toBe(1);
  });
});

describe('json.reliable.webpubsub.azure.v1 recovery on the wire', () => {
  const wsBase = () => `${emulator.webPubSub.endpoint.replace(/^http/, 'ws')}/client/hubs/rel`;

  async function reliableProbe() {
    const aud = `${emulator.webPubSub.endpoint}/client/hubs/rel`;
    const probe = await WsProbe.connect(
      `${wsBase()}?access_token=${await signToken({ aud })}`,
      RELIABLE,
    );
    const connected = await probe.nextJson();
    return {
      probe,
      id: connected.connectionId as string,
      token: connected.reconnectionToken as string,
    };
  }

  const recoveryUrl = (id: string, token: string) =>
    `${wsBase()}?awps_connection_id=${encodeURIComponent(id)}&awps_reconnection_token=${encodeURIComponent(token)}`;

  it('replays exactly the unacknowledged messages, in order, then continues the sequence', async () => {
    const { probe, id, token } = await reliableProbe();
    for (const n of [1, 2, 3])
      await service.sendToConnection(id, `m${n}`, { contentType: 'text/plain' });
    for (const n of [1, 2, 3]) expect((await probe.nextJson()).sequenceId).toBe(n);
    probe.socket.send(JSON.stringify({ type: 'sequenceAck', sequenceId: 2 }));
    await probe.expectSilence(50);
    probe.socket.terminate();
    await probe.closed;
    await service.sendToConnection(id, 'm4', { contentType: 'text/plain' });

    const back = await WsProbe.connect(recoveryUrl(id, token), RELIABLE);
    const connected = await back.nextJson();
    expect(connected).toMatchObject({ event: 'connected', connectionId: id });
    const replay = [await back.nextJson(), await back.nextJson()];
    expect(replay.map((m) => [m.sequenceId, m.data])).toEqual([
      [3, 'm3'],
      [4, 'm4'],
    ]);
    await back.expectSilence(100); // nothing twice
    await service.sendToConnection(id, 'm5', { contentType: 'text/plain' });
    expect(await back.nextJson()).toMatchObject({ sequenceId: 5, data: 'm5' });
    await back.close();
    await eventually(async () => !(await service.connectionExists(id)));
  });

  it('refuses a recovery with a wrong token or an unknown id with close code 1008', async () => {
    const { probe, id } = await reliableProbe();
    probe.socket.terminate();
    await probe.closed;
    for (const url of [recoveryUrl(id, 'forged'), recoveryUrl('no-such-connection', 'x')]) {
      const refused = await WsProbe.connect(url, RELIABLE);
      expect(await refused.closed).toEqual({
        code: 1008,
        reason: 'The connection could not be recovered.',
      });
    }
  });

  it('ends the connection (no recovery) when the client closes it with a close frame', async () => {
    const { probe, id } = await reliableProbe();
    await probe.close();
    await eventually(async () => !(await service.connectionExists(id)));
  });

  it('closes a client that leaves 1,000 messages unacknowledged with 1008, for good', async () => {
    const { probe, id, token } = await reliableProbe();
    const url = `${emulator.webPubSub.endpoint}/api/hubs/rel/connections/${id}/:send?api-version=2024-12-01`;
    const sends = Array.from({ length: 1001 }, () => url);
    const auth = `Bearer ${await signToken({ aud: url })}`;
    for (let i = 0; i < sends.length; i += 50) {
      await Promise.all(
        sends.slice(i, i + 50).map((u) =>
          fetch(u, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'text/plain' },
            body: 'x',
          }),
        ),
      );
    }
    const closed = await probe.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/reliable message buffer is full/);
    expect(await service.connectionExists(id)).toBe(false);
    const retry = await WsProbe.connect(recoveryUrl(id, token), RELIABLE);
    expect((await retry.closed).code).toBe(1008);
  }, 30_000);
});
