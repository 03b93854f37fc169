// With nobody watching, the hot paths build no timeline event: client frames and the messages a
// broadcast delivers are not recorded (only the REST call is), so the inspector costs the broadcast
// path one boolean read. With a watcher, the same traffic is recorded, a broadcast as one event.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InspectorStream } from './helpers/inspector.js';
import { negotiateResult, signalRClient } from './helpers/signalr.js';
import {
  type Emulator,
  eventually,
  officialServiceClient,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
let service: WebPubSubServiceClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  service = officialServiceClient(emulator, 'hot');
});
afterAll(() => emulator?.close());

const recorded = () => emulator.inspect().timeline.recorded;

/** Traffic on every hot path: client frames in, acks out, group fan-out, REST broadcasts to all. */
let ackId = 0;

/** Reads the sender's frames until `n` acks came (it also gets group messages and broadcasts). */
async function acks(sender: WsProbe, n: number): Promise<void> {
  for (let seen = 0; seen < n; ) if ((await sender.nextJson()).type === 'ack') seen++;
}

async function traffic(sender: WsProbe, plain: WsProbe[], sr: ReturnType<typeof signalRClient>) {
  for (let i = 1; i <= 10; i++) {
    sender.socket.send(
      JSON.stringify({ type: 'sendToGroup', group: 'g', data: i, ackId: ++ackId }),
    );
  }
  await acks(sender, 10);
  for (let i = 0; i < 5; i++)
    await service.sendToAll(`broadcast ${i}`, { contentType: 'text/plain' });
  await eventually(() => plain.every((p) => p.frames.length >= 5));
  await sr.send('ping', 1);
  // Without an upstream an invocation is never answered; its promise ends when the client stops.
  sr.invoke('echo').catch(() => undefined);
}

it('records no frame when nobody watches, and one event per broadcast when someone does', async () => {
  const roles = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];
  const { url } = await service.getClientAccessToken({ roles, groups: ['g'] });
  const sender = await WsProbe.connect(url, 'json.webpubsub.azure.v1');
  await sender.nextJson(); // connected
  const plain = await Promise.all(
    [1, 2, 3].map(async () => WsProbe.connect((await service.getClientAccessToken()).url)),
  );
  const { url: srUrl, accessToken } = await negotiateResult(emulator.signalR.endpoint, {}, 'hot');
  const sr = signalRClient(srUrl, accessToken, 'WebSockets', 'json');
  await sr.start();
  try {
    const before = recorded();
    await traffic(sender, plain, sr);
    // Only the 5 REST calls: no frame in, no ack, no fan-out, no SignalR message became an event.
    await eventually(() => recorded() === before + 5);
    const unwatched = (
      await (await fetch(`${emulator.inspectUrl}api/events?since=${before}`)).json()
    ).events;
    expect(unwatched.map((e: { kind: string }) => e.kind)).toEqual(Array(5).fill('http'));
    for (const p of plain) p.frames.splice(0);

    const stream = await InspectorStream.open(
      `${emulator.inspectUrl}api/stream?since=${emulator.inspect().timeline.lastSeq}`,
    );
    try {
      await stream.next((m) => m.event === 'state');
      const watchedFrom = recorded();
      await traffic(sender, plain, sr);
      await stream.event(
        (e) =>
          e.kind === 'frame' &&
          e.service === 'signalr' &&
          e.type === 'invocation' &&
          e.name === 'echo',
      );
      const frames = stream.timeline.filter((e) => e.kind === 'frame');
      const count = (type: string, direction: string) =>
        frames.filter((e) => e.kind === 'frame' && e.type === type && e.direction === direction)
          .length;
      expect(count('sendToGroup', 'in')).toBe(10);
      expect(count('ack', 'out')).toBe(10);
      // Each sendToGroup reaches 1 member (the sender) and each broadcast 4 connections: one event each.
      expect(count('message', 'out')).toBe(15);
      const broadcasts = frames.filter(
        (e) => e.kind === 'frame' && e.type === 'message' && e.group === undefined,
      );
      expect(broadcasts.map((e) => e.kind === 'frame' && e.recipients)).toEqual([4, 4, 4, 4, 4]);
      expect(count('invocation', 'in')).toBe(2);
      expect(recorded() - watchedFrom).toBeGreaterThanOrEqual(10 + 10 + 15 + 2 + 5);
    } finally {
      stream.close();
    }
    // The watcher left: frames stop being recorded again.
    await eventually(() => emulator.inspect().timeline.watchers === 0);
    const after = recorded();
    sender.socket.send(
      JSON.stringify({ type: 'sendToGroup', group: 'g', data: 'x', ackId: ++ackId }),
    );
    await acks(sender, 1);
    expect(recorded()).toBe(after);
  } finally {
    await sr.stop();
    await sender.close();
    for (const p of plain) await p.close();
  }
});
