// The inspector's live stream (server-sent events) and timeline: what each kind of event carries, one
// event per broadcast, resuming with Last-Event-ID, filters, calls to the app, and no secret anywhere.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameEvent, HttpEvent, TimelineEvent } from '../src/index.js';
import { answer, startRawApp } from './helpers/apps.js';
import { InspectorStream, stateOf } from './helpers/inspector.js';
import { negotiateResult } from './helpers/signalr.js';
import {
  type Emulator,
  KEY,
  officialServiceClient,
  restCall,
  signToken,
  startTestEmulator,
  UpgradeRejected,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
let service: WebPubSubServiceClient;
let streamUrl: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  service = officialServiceClient(emulator, 'live');
  streamUrl = `${emulator.inspectUrl}api/stream`;
});
afterAll(() => emulator?.close());

/** A stream of what happens from now on (a stream replays every kept event by default). */
const liveStream = (on: Emulator = emulator, query = '') =>
  InspectorStream.open(
    `${on.inspectUrl}api/stream?since=${on.inspect().timeline.lastSeq}${query ? `&${query}` : ''}`,
  );

const userUrl = async (userId: string, roles: string[] = []) =>
  (await service.getClientAccessToken({ userId, roles })).url;

describe('the live stream', () => {
  it('starts with the state, then shows connects, frames, REST calls (one event per broadcast) and hub updates', async () => {
    const stream = await liveStream();
    try {
      const first = await stream.next(() => true);
      expect(first.event).toBe('state');
      expect(stateOf(first).timeline.watchers).toBe(1);
      const json = await WsProbe.connect(
        await userUrl('ann', ['webpubsub.joinLeaveGroup']),
        'json.webpubsub.azure.v1',
      );
      const plain = [
        await WsProbe.connect(await userUrl('p1')),
        await WsProbe.connect(await userUrl('p2')),
      ];
      const connected = (await json.nextJson()) as { connectionId: string };
      const ann = await stream.event((e) => e.kind === 'connected' && e.userId === 'ann');
      expect(ann).toMatchObject({
        service: 'webpubsub',
        hub: 'live',
        connectionId: connected.connectionId,
        protocol: 'json.webpubsub.azure.v1',
      });

      json.socket.send(JSON.stringify({ type: 'joinGroup', group: 'room', ackId: 7 }));
      expect(await stream.event((e) => e.kind === 'frame' && e.type === 'joinGroup')).toMatchObject(
        {
          direction: 'in',
          group: 'room',
          ackId: 7,
          userId: 'ann',
        },
      );
      expect(await stream.event((e) => e.kind === 'frame' && e.type === 'ack')).toMatchObject({
        direction: 'out',
        ackId: 7,
        connectionId: connected.connectionId,
      });

      await service.sendToAll({ hello: 'everyone' });
      const broadcast = await stream.event<FrameEvent>(
        (e) => e.kind === 'frame' && e.type === 'message',
      );
      expect(broadcast).toMatchObject({
        recipients: 3,
        dataType: 'json',
        data: '{"hello":"everyone"}',
      });
      const call = await stream.event<HttpEvent>((e) => e.kind === 'http');
      expect(call).toMatchObject({
        api: 'rest',
        method: 'POST',
        path: '/api/hubs/live/:send',
        query: 'api-version=2024-12-01',
        operation: 'WebPubSub_SendToAll',
        status: 202,
        hub: 'live',
        requestBytes: 20,
        contentType: 'application/json',
        body: '{"hello":"everyone"}',
      });
      expect(call.durationMs).toBeGreaterThanOrEqual(0);
      // However many connections a broadcast reaches, it is one event.
      expect(
        stream.timeline.filter((e) => e.kind === 'frame' && e.type === 'message'),
      ).toHaveLength(1);

      const update = await stream.next((m) => m.event === 'hub');
      expect(update.data).toMatchObject({ service: 'webpubsub', name: 'live' });
      const hub = (update.data as { hub: { connections: { userId: string; groups: string[] }[] } })
        .hub;
      expect(hub.connections.find((c) => c.userId === 'ann')?.groups).toEqual(['room']);

      await plain[0]?.close();
      expect(
        await stream.event((e) => e.kind === 'disconnected' && e.userId === 'p1'),
      ).toMatchObject({ code: 1005 });
      await service.closeConnection(connected.connectionId, { reason: 'bye' });
      expect(
        await stream.event((e) => e.kind === 'disconnected' && e.userId === 'ann'),
      ).toMatchObject({
        code: 1008,
        reason: 'bye',
      });
      await plain[1]?.close();
    } finally {
      stream.close();
    }
  });

  it('resumes after Last-Event-ID, replays what a filter selects, and shows refused handshakes', async () => {
    const probe = await WsProbe.connect(await userUrl('eve'));
    const other = await WsProbe.connect(await userUrl('frank'));
    const bad = await signToken(
      { aud: `${emulator.webPubSub.endpoint}/client/hubs/live` },
      { key: 'not-the-key' },
    );
    const refused = await WsProbe.connect(
      `${emulator.webPubSub.endpoint}/client/hubs/live?access_token=${bad}`,
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(UpgradeRejected);
    await probe.close();
    await other.close();

    const all = (await (await fetch(`${emulator.inspectUrl}api/events`)).json()) as {
      events: TimelineEvent[];
      lastSeq: number;
    };
    const refusal = all.events.find((e) => e.kind === 'refused');
    expect(refusal).toMatchObject({
      path: '/client/hubs/live',
      status: 401,
      reason: 'The token signature is invalid.',
      hub: 'live',
    });
    expect(JSON.stringify(all)).not.toContain(bad);

    const eve = all.events.find((e) => e.kind === 'connected' && e.userId === 'eve');
    const filtered = await fetch(
      `${emulator.inspectUrl}api/events?connectionId=${eve?.connectionId}`,
    );
    const mine = ((await filtered.json()) as { events: TimelineEvent[] }).events;
    expect(mine.map((e) => e.kind)).toEqual(['connected', 'disconnected']);

    // A reconnecting EventSource sends Last-Event-ID: only newer events are replayed.
    const resumed = await InspectorStream.open(`${streamUrl}?userId=frank`, {
      'last-event-id': String(eve?.seq),
    });
    try {
      await service.sendToUser('frank', 'anyone there?', { contentType: 'text/plain' });
      await resumed.event((e) => e.kind === 'http' && e.userId === 'frank');
      const replayed = resumed.timeline;
      expect(replayed.every((e) => e.seq > (eve?.seq ?? 0) && e.userId === 'frank')).toBe(true);
      expect(replayed.map((e) => e.kind)).toContain('disconnected');
    } finally {
      resumed.close();
    }
  });

  it('shows calls to event handlers and their answers', async () => {
    const app = await startRawApp((request, res) =>
      request.method === 'OPTIONS'
        ? answer(res, 200, '', { 'webhook-allowed-origin': '*' })
        : answer(res, 200, '{"userId":"from-app"}', { 'content-type': 'application/json' }),
    );
    const withHandler = await (await import('../src/index.js')).startEmulator({
      webPubSubPort: 0,
      signalRPort: 0,
      eventHandlers: [
        {
          hub: 'hooked',
          urlTemplate: `${app.url}/events?code=secret-code`,
          systemEvents: ['connect'],
        },
      ],
    });
    try {
      const stream = await liveStream(withHandler);
      const client = officialServiceClient(withHandler, 'hooked');
      const probe = await WsProbe.connect((await client.getClientAccessToken()).url);
      expect(await stream.event((e) => e.kind === 'upstream')).toMatchObject({
        event: 'validate',
        method: 'OPTIONS',
        ok: true,
      });
      const call = await stream.event((e) => e.kind === 'upstream' && e.method === 'POST');
      expect(call).toMatchObject({
        service: 'webpubsub',
        hub: 'hooked',
        event: 'connect',
        method: 'POST',
        url: `${app.url}/events?…`,
        status: 200,
        ok: true,
      });
      expect(await stream.event((e) => e.kind === 'connected')).toMatchObject({
        userId: 'from-app',
      });
      expect(JSON.stringify(stream.messages)).not.toContain('secret-code');
      await probe.close();
      stream.close();
    } finally {
      await withHandler.close();
      await app.close();
    }
  });
});

describe('secrets on the timeline', () => {
  it('never shows a key, token or signature, in queries or payloads', async () => {
    const stream = await liveStream();
    try {
      // SignalR negotiate with the token in the query, as browsers send it.
      const { url, accessToken } = await negotiateResult(
        emulator.signalR.endpoint,
        { nameid: 'gus' },
        'live',
      );
      const negotiate = await fetch(
        `${url.replace('/client/', '/client/negotiate')}&negotiateVersion=1&access_token=${accessToken}`,
        { method: 'POST' },
      );
      const { connectionToken } = (await negotiate.json()) as { connectionToken: string };
      // A long-polling start names the secret connection token in `id`.
      await fetch(`${url}&id=${connectionToken}&access_token=${accessToken}`);
      // A REST body that carries a token and the key.
      const body = JSON.stringify({
        leaked: accessToken,
        key: KEY,
        conn: `Endpoint=x;AccessKey=${KEY};`,
      });
      const rest = `${emulator.webPubSub.endpoint}/api/hubs/live/:send?api-version=2024-12-01`;
      expect((await restCall('POST', rest, { body, contentType: 'application/json' })).status).toBe(
        202,
      );
      const sent = await stream.event<HttpEvent>(
        (e) => e.kind === 'http' && e.path === '/api/hubs/live/:send',
      );
      expect(sent.body).toBe(
        '{"leaked":"<redacted>","key":"<redacted>","conn":"Endpoint=x;AccessKey=<redacted>;"}',
      );
      const negotiated = await stream.event<HttpEvent>(
        (e) => e.kind === 'http' && e.path === '/client/negotiate',
      );
      expect(negotiated).toMatchObject({ api: 'client', hub: 'live', status: 200 });
      expect(negotiated.query).toBe('hub=live&negotiateVersion=1&access_token=<redacted>');
      const poll = await stream.event<HttpEvent>(
        (e) => e.kind === 'http' && e.path === '/client/' && e.method === 'GET',
      );
      expect(poll.query).toBe('hub=live&id=<redacted>&access_token=<redacted>');
      const text = JSON.stringify(stream.messages);
      for (const secret of [KEY, accessToken, connectionToken]) expect(text).not.toContain(secret);
    } finally {
      stream.close();
    }
  });
});
