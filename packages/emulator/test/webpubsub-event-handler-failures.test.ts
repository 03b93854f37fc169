// Event handlers that do not cooperate, judged by `@azure/web-pubsub-express` apps: one that checks
// the signature with the wrong key, a slow one, a dead one, one whose abuse-protection check refuses
// this service, and events no handler takes. The client always learns why, and the log and the
// onUpstreamCall records say what happened without a key, a signature, a token or a URL's query.
import { WebPubSubEventHandler } from '@azure/web-pubsub-express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, startEmulator, type UpstreamCall } from '../src/index.js';
import { type App, deadUrl, expectedSignature, startListenerApp } from './helpers/apps.js';
import { type Emulator, eventually, signToken, UpgradeRejected, WsProbe } from './helpers.js';

const KEY = 'another-configured-key-0123456789';
const JSON_SUBPROTOCOL = 'json.webpubsub.azure.v1';
const calls: UpstreamCall[] = [];
const logLines: string[] = [];
const tokens: string[] = [];
let app: App;
let emulator: Emulator;

/** A handler that accepts a connect only when ce-signature is the HMAC of `key`. */
function checkingSignatureWith(hub: string, key: string) {
  return new WebPubSubEventHandler(hub, {
    handleConnect(req, res) {
      const expected = expectedSignature(key, req.context.connectionId);
      if (req.context.signature === expected) return res.success();
      res.fail(401, 'The signature does not match my key.');
    },
  });
}

const never = new Promise<never>(() => {});

beforeAll(async () => {
  const server = express();
  server.use(checkingSignatureWith('right', KEY).getMiddleware());
  server.use(checkingSignatureWith('wrong', DEFAULT_ACCESS_KEY).getMiddleware());
  const slow = new WebPubSubEventHandler('slow', {
    async handleConnect(req, res) {
      if (req.queries?.wait) await never;
      res.success();
    },
    async handleUserEvent() {
      await never;
    },
  });
  server.use(slow.getMiddleware());
  const guarded = new WebPubSubEventHandler('guarded', {
    allowedEndpoints: ['https://elsewhere.webpubsub.azure.com'],
    handleConnect: (_req, res) => res.success(),
  });
  server.use(guarded.getMiddleware());
  const partial = new WebPubSubEventHandler('partial', {
    handleUserEvent: (req, res) => res.success(`known: ${req.data}`, 'text'),
  });
  server.use(partial.getMiddleware());
  app = await startListenerApp(server);
  const dead = await deadUrl();
  const handler = (
    hub: string,
    url = `${app.url}/api/webpubsub/hubs/${hub}/?code=secret-code`,
  ) => ({
    hub,
    urlTemplate: url,
    userEventPattern: '*',
    systemEvents: ['connect', 'connected', 'disconnected'] as const,
  });
  emulator = await startEmulator({
    webPubSubPort: 0,
    signalRPort: 0,
    accessKey: KEY,
    upstreamTimeoutMs: 300,
    log: (line) => logLines.push(line),
    onUpstreamCall: (call) => calls.push(call),
    eventHandlers: [
      handler('right'),
      handler('wrong'),
      handler('slow'),
      handler('guarded'),
      handler('dead', `${dead}/eventhandler/{event}`),
      {
        hub: 'partial',
        urlTemplate: `${app.url}/api/webpubsub/hubs/partial/`,
        userEventPattern: 'known',
      },
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

async function clientUrl(hub: string, query = '') {
  const aud = `${emulator.webPubSub.endpoint}/client/hubs/${hub}`;
  const token = await signToken({ aud, sub: 'ada' }, { key: KEY });
  tokens.push(token);
  return `${aud.replace(/^http/, 'ws')}?access_token=${token}${query}`;
}

async function refusal(url: string): Promise<UpgradeRejected> {
  const outcome = await WsProbe.connect(url).catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(UpgradeRejected);
  return outcome as UpgradeRejected;
}

describe('the signature', () => {
  it('is made with the configured key: a handler checking another key refuses', async () => {
    const probe = await WsProbe.connect(await clientUrl('right'));
    await probe.close();
    expect(await refusal(await clientUrl('wrong'))).toMatchObject({
      status: 401,
      body: 'The signature does not match my key.',
    });
  });
});

describe('a slow handler', () => {
  it('refuses the connect with a clear reason once the timeout passes', async () => {
    expect(await refusal(await clientUrl('slow', '&wait=1'))).toMatchObject({
      status: 500,
      body: 'The connect event handler did not answer in time (no answer within 300 ms).',
    });
  });

  it('fails the event (ack) and closes a plain client, saying why', async () => {
    const probe = await WsProbe.connect(await clientUrl('slow'), JSON_SUBPROTOCOL);
    await probe.nextJson();
    probe.socket.send(
      JSON.stringify({ type: 'event', event: 'x', dataType: 'text', data: 'y', ackId: 4 }),
    );
    expect(await probe.nextJson()).toEqual({
      type: 'ack',
      ackId: 4,
      success: false,
      error: {
        name: 'InternalServerError',
        message: 'The event handler did not answer in time (no answer within 300 ms).',
      },
    });
    await probe.close();
    const plain = await WsProbe.connect(await clientUrl('slow'));
    plain.socket.send('anyone?');
    expect(await plain.closed).toEqual({
      code: 1011,
      reason: 'The event handler did not answer in time (no answer within 300 ms).',
    });
  });
});

describe('a dead handler', () => {
  it('refuses the connect: the handler could not be reached', async () => {
    expect(await refusal(await clientUrl('dead'))).toMatchObject({
      status: 500,
      body: 'The connect event handler could not be reached.',
    });
    const record = calls.find((c) => c.hub === 'dead' && c.event === 'validate');
    expect(record).toMatchObject({ method: 'OPTIONS', ok: false });
    expect(record?.url).toMatch(/\/eventhandler\/validate$/); // {event} is "validate" for the check
  });
});

describe('abuse protection', () => {
  it('sends no event to a handler that does not allow this service', async () => {
    const { status, body } = await refusal(await clientUrl('guarded'));
    expect(status).toBe(500);
    expect(body).toContain('did not allow');
    const check = app.requests.find(
      (r) => r.method === 'OPTIONS' && r.path.startsWith('/api/webpubsub/hubs/guarded/'),
    );
    expect(check?.headers).toMatchObject({
      'webhook-request-origin': new URL(emulator.webPubSub.endpoint).host,
      'ce-awpsversion': '1.0',
    });
    const posts = app.requests.filter((r) => r.method === 'POST' && r.path.includes('/guarded/'));
    expect(posts).toEqual([]);
  });
});

describe('events no handler takes', () => {
  it('are answered as with no handler, while the pattern’s events reach the handler', async () => {
    const probe = await WsProbe.connect(await clientUrl('partial'), JSON_SUBPROTOCOL);
    await probe.nextJson();
    probe.socket.send(
      JSON.stringify({ type: 'event', event: 'known', dataType: 'text', data: 'a', ackId: 1 }),
    );
    expect(await probe.nextJson()).toMatchObject({ type: 'message', data: 'known: a' });
    expect(await probe.nextJson()).toEqual({ type: 'ack', ackId: 1, success: true });
    probe.socket.send(
      JSON.stringify({ type: 'event', event: 'other', dataType: 'text', data: 'b', ackId: 2 }),
    );
    expect(await probe.nextJson()).toEqual({
      type: 'ack',
      ackId: 2,
      success: false,
      error: {
        name: 'InternalServerError',
        message: "No event handler is configured for event 'other' in hub 'partial'.",
      },
    });
    await probe.close();
  });
});

describe('the record of calls', () => {
  it('says what happened and holds no key, signature, token or query', async () => {
    const probe = await WsProbe.connect(await clientUrl('right'));
    await probe.close();
    await eventually(() => calls.some((c) => c.hub === 'right' && c.event === 'disconnected'));
    const connect = calls.find((c) => c.hub === 'right' && c.event === 'connect');
    expect(connect).toMatchObject({
      service: 'webpubsub',
      method: 'POST',
      url: `${app.url}/api/webpubsub/hubs/right/?…`,
      status: 204,
      ok: true,
      outcome: 'accepted as is',
    });
    expect(connect?.durationMs).toBeGreaterThanOrEqual(0);
    const everything = JSON.stringify(calls) + logLines.join('\n');
    expect(everything).toContain('[webpubsub] event handler connect hub=right');
    for (const secret of [KEY, 'secret-code', 'sha256=', ...tokens]) {
      expect(everything).not.toContain(secret);
    }
  });
});
