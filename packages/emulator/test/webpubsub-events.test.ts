// Client events without an event handler (the default), as Microsoft's emulator answers them, and the
// events seam (webpubsub/events.ts) with a stand-in implementation: connect decides before the
// upgrade, user events reply, and the lifecycle notifications fire once each.
import { InvocationError, WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from '../src/auth/token-verifier.js';
import type { ServiceServer } from '../src/http/service-server.js';
import type { EventConnection, WebPubSubEvents } from '../src/webpubsub/events.js';
import { startWebPubSubService } from '../src/webpubsub/service.js';
import {
  type Emulator,
  eventually,
  KEY,
  signToken,
  startTestEmulator,
  UpgradeRejected,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

async function clientUrl(endpoint: string, claims: Record<string, unknown> = {}) {
  const aud = `${endpoint}/client/hubs/ev`;
  return `${aud.replace(/^http/, 'ws')}?access_token=${await signToken({ aud, ...claims })}`;
}

describe('no event handler configured', () => {
  it('closes a plain client that sends a message with 1011, as Microsoft’s emulator does', async () => {
    const probe = await WsProbe.connect(await clientUrl(emulator.webPubSub.endpoint));
    probe.socket.send('hello?');
    expect(await probe.closed).toEqual({
      code: 1011,
      reason: "No event handler is configured for event 'message' in hub 'ev'.",
    });
  });

  it('answers invokeEvent with a failed invokeResponse instead of leaving it pending', async () => {
    const client = new WebPubSubClient(await clientUrl(emulator.webPubSub.endpoint), {
      autoReconnect: false,
      messageRetryOptions: { maxRetries: 0 },
    });
    await client.start();
    const error = await client.invokeEvent('compute', { n: 1 }, 'json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvocationError);
    expect((error as InvocationError).errorDetail).toEqual({
      name: 'InternalServerError',
      message: "No event handler is configured for event 'compute' in hub 'ev'.",
    });
    client.stop();
  });

  it('defaults a sendToGroup without dataType to json and passes metadata on', async () => {
    const url = await clientUrl(emulator.webPubSub.endpoint, {
      role: ['webpubsub.sendToGroup'],
      'webpubsub.group': ['meta'],
    });
    const probe = await WsProbe.connect(url, 'json.webpubsub.azure.v1');
    await probe.nextJson();
    probe.socket.send(
      JSON.stringify({
        type: 'sendToGroup',
        group: 'meta',
        data: { a: [1] },
        metadata: { k: 'v' },
      }),
    );
    expect(await probe.nextJson()).toEqual({
      type: 'message',
      from: 'group',
      group: 'meta',
      dataType: 'json',
      data: { a: [1] },
      metadata: { k: 'v' },
    });
    probe.socket.send(
      JSON.stringify({ type: 'sendToGroup', group: 'meta', data: 1, metadata: { k: 1 } }),
    );
    expect((await probe.closed).code).toBe(1007);
  });

  it('passes X-WebPubSub-Metadata-* headers of a REST send on as metadata', async () => {
    const probe = await WsProbe.connect(
      await clientUrl(emulator.webPubSub.endpoint),
      'json.webpubsub.azure.v1',
    );
    await probe.nextJson();
    const url = `${emulator.webPubSub.endpoint}/api/hubs/ev/:send?api-version=2024-12-01`;
    const headers = {
      authorization: `Bearer ${await signToken({ aud: url })}`,
      'content-type': 'text/plain',
      'x-webpubsub-metadata-Trace-Id': 't-1',
    };
    expect((await fetch(url, { method: 'POST', headers, body: 'hi' })).status).toBe(202);
    expect(await probe.nextJson()).toMatchObject({ data: 'hi', metadata: { 'trace-id': 't-1' } });
    const tooLong = { ...headers, 'x-webpubsub-metadata-big': 'x'.repeat(1025) };
    const refused = await fetch(url, { method: 'POST', headers: tooLong, body: 'hi' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toMatch(/exceeds 1024 bytes/);
    await probe.close();
  });
});

describe('the events seam', () => {
  let server: ServiceServer;
  const calls: string[] = [];
  const events: WebPubSubEvents = {
    connect: async (request) => {
      calls.push(`connect ${request.hub} ${request.subprotocols.join(',')}`);
      if (request.query.as?.[0] === 'blocked')
        return { kind: 'refuse', status: 403, reason: 'Not you.' };
      return {
        kind: 'accept',
        userId: 'from-handler',
        groups: ['handler-group'],
        connectionState: 's0',
      };
    },
    connected: (conn) => calls.push(`connected ${conn.userId}`),
    disconnected: (conn, reason) => calls.push(`disconnected ${conn.userId} ${reason}`),
    userEvent: async (conn: EventConnection, event, payload) => {
      calls.push(`${event} ${conn.connectionState} ${payload.bytes.toString()}`);
      conn.connectionState = 's1';
      return {
        kind: 'success',
        reply: { dataType: 'text', bytes: Buffer.from(`re: ${payload.bytes}`) },
      };
    },
  };
  beforeAll(async () => {
    const verifier = await TokenVerifier.create(KEY);
    server = await startWebPubSubService({
      host: '127.0.0.1',
      port: 0,
      verifier,
      log: () => {},
      events,
    });
  });
  afterAll(() => server.close());
  const endpoint = () => `http://127.0.0.1:${server.port}`;

  it('refuses the handshake with the status connect answered', async () => {
    const url = `${await clientUrl(endpoint())}&as=blocked`;
    const refused = await WsProbe.connect(url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpgradeRejected);
    expect(refused).toMatchObject({ status: 403, body: 'Not you.' });
  });

  it('applies the connect outcome, replies to user events and notifies the lifecycle', async () => {
    calls.length = 0;
    const probe = await WsProbe.connect(await clientUrl(endpoint()), 'json.webpubsub.azure.v1');
    expect(await probe.nextJson()).toMatchObject({ event: 'connected', userId: 'from-handler' });
    probe.socket.send(
      JSON.stringify({ type: 'event', event: 'hi', dataType: 'text', data: 'x', ackId: 1 }),
    );
    const answers = [await probe.nextJson(), await probe.nextJson()];
    expect(answers).toEqual([
      { type: 'message', from: 'server', dataType: 'text', data: 're: x' },
      { type: 'ack', ackId: 1, success: true },
    ]);
    const plain = await WsProbe.connect(await clientUrl(endpoint()));
    plain.socket.send('ping?');
    expect((await plain.next()).data.toString()).toBe('re: ping?');
    await Promise.all([probe.close(), plain.close()]);
    await eventually(() => calls.filter((c) => c.startsWith('disconnected')).length === 2);
    expect(calls).toEqual([
      'connect ev json.webpubsub.azure.v1',
      'connected from-handler',
      'hi s0 x',
      'connect ev ',
      'connected from-handler',
      'message s0 ping?',
      expect.stringMatching(/^disconnected from-handler/),
      expect.stringMatching(/^disconnected from-handler/),
    ]);
  });
});
