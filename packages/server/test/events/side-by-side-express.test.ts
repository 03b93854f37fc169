// The same app (its handleConnect, handleUserEvent, onConnected and onDisconnected) mounted in Express
// once with @azure/web-pubsub-express 1.1.0 and once with hubcast, both listening on real sockets. Each
// docs example request is sent to both over HTTP; status, the headers that matter and the body must be
// equal, and so must what the callbacks received. Where upstream is wrong (it never checks ce-signature,
// it turns a malformed body into a 500 with a stack) hubcast is stricter, and the tests say so.
import type { AddressInfo } from 'node:net';
import {
  WebPubSubEventHandler as AzureHandler,
  type WebPubSubEventHandlerOptions as AzureOptions,
} from '@azure/web-pubsub-express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebPubSubEventHandler } from '../../src/events.js';
import * as docs from './fixtures/cloud-events.js';
import {
  connectionString,
  deferred,
  PRIMARY_KEY,
  type Recorded,
  recorded,
  send,
} from './helpers.js';

/** What the callbacks of one app saw, in order. */
type Seen = unknown[];

/** The app: written once, against the official package's types. */
function appCode(seen: Seen, notified: () => void): AzureOptions {
  return {
    path: '/upstream',
    handleConnect(req, res) {
      seen.push(req);
      if (req.queries?.deny) return res.fail(401, 'denied by the app');
      res.setState('greeting', `hello ${req.context.userId ?? 'anonymous'}`);
      res.success({
        userId: req.context.userId ?? 'anonymous',
        groups: ['lobby'],
        roles: ['webpubsub.sendToGroup.lobby'],
        ...(req.subprotocols?.length ? { subprotocol: req.subprotocols[0] } : {}),
      });
    },
    handleUserEvent(req, res) {
      seen.push(req.dataType === 'binary' ? { ...req, data: [...new Uint8Array(req.data)] } : req);
      res.setState('last', req.context.eventName);
      if (req.dataType === 'text') res.success(`echo: ${req.data}`, 'text');
      else if (req.dataType === 'json')
        res.success(JSON.stringify({ got: req.data, states: req.context.states }), 'json');
      else res.success(req.data, 'binary');
    },
    onConnected(req) {
      seen.push(req);
      notified();
    },
    onDisconnected(req) {
      seen.push(req);
      notified();
    },
  };
}

interface Side {
  origin: string;
  seen: Seen;
  notified: () => Promise<void>;
  close: () => void;
}

async function mount(kind: 'azure' | 'hubcast'): Promise<Side> {
  const seen: Seen = [];
  let pending = deferred<void>();
  const notify = () => pending.resolve();
  const options = appCode(seen, notify);
  const app = express();
  const middleware =
    kind === 'azure'
      ? new AzureHandler('chat', options).getMiddleware()
      : new WebPubSubEventHandler('chat', {
          ...options,
          connectionString: connectionString(PRIMARY_KEY),
        }).getMiddleware();
  app.use(middleware);
  app.use((_req, res) => void res.status(404).type('text/plain').send('fell through'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    notified: async () => {
      await pending.promise;
      pending = deferred<void>();
    },
    close: () => server.close(),
  };
}

let azure: Side;
let hubcast: Side;

beforeAll(async () => {
  [azure, hubcast] = await Promise.all([mount('azure'), mount('hubcast')]);
});
afterAll(() => {
  azure?.close();
  hubcast?.close();
});

/** The service's version header, which upstream requires before it looks at a request. */
const AWPS = { 'ce-awpsversion': '1.0' };
const HEADERS_THAT_MATTER = ['content-type', 'ce-connectionstate', 'webhook-allowed-origin'];

async function both(request: Recorded) {
  const [a, h] = await Promise.all([send(azure.origin, request), send(hubcast.origin, request)]);
  return { azure: a, hubcast: h };
}

/**
 * What a callback saw, comparable across packages: no signature (hubcast hides it), binary as bytes,
 * no undefined. Upstream never fills `context.subprotocol` (its type has it; its code does not read
 * ce-subprotocol); hubcast does, so that field is checked on its own in `subprotocolOf`.
 */
function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, item) =>
      key === 'signature' || key === 'subprotocol' ? undefined : item,
    ),
  );
}

function subprotocolsOf(seen: Seen): unknown[] {
  return seen.map((item) => (item as { context: { subprotocol?: string } }).context.subprotocol);
}

const EQUAL_CASES: [string, string, Record<string, string>?][] = [
  ['connect', docs.CONNECT],
  ['user event: text message', docs.MESSAGE_TEXT],
  ['user event: custom text', docs.CUSTOM_TEXT],
  ['user event: custom JSON', docs.CUSTOM_JSON],
  ['user event: custom binary', docs.CUSTOM_BINARY],
  // Upstream recognizes an MQTT client by ce-subprotocol, which the service sets to mqtt.
  ['MQTT connect', docs.MQTT_CONNECT, { 'ce-subprotocol': 'mqtt' }],
  ['MQTT user event', docs.MQTT_USER_EVENT, { 'ce-subprotocol': 'mqtt' }],
];

describe('@azure/web-pubsub-express and hubcast answer the docs requests alike', () => {
  it.each(EQUAL_CASES)('%s', async (_name, block, extra) => {
    const request = recorded(block, { headers: { ...AWPS, ...extra } });
    const before = [azure.seen.length, hubcast.seen.length] as const;
    const { azure: a, hubcast: h } = await both(request);
    expect(h.status).toBe(a.status);
    for (const header of HEADERS_THAT_MATTER)
      expect(h.headers.get(header), header).toBe(a.headers.get(header));
    expect(h.body).toEqual(a.body);
    const seenByHubcast = hubcast.seen.slice(before[1]);
    expect(seenByHubcast).toHaveLength(1);
    expect(comparable(seenByHubcast)).toEqual(comparable(azure.seen.slice(before[0])));
    const subprotocol = request.headers.find(
      ([name]) => name.toLowerCase() === 'ce-subprotocol',
    )?.[1];
    expect(subprotocolsOf(seenByHubcast)).toEqual([subprotocol]);
    expect(subprotocolsOf(azure.seen.slice(before[0]))).toEqual([undefined]);
  });

  it('a connect the app refuses', async () => {
    const body = JSON.stringify({
      claims: {},
      query: { deny: ['1'] },
      headers: {},
      subprotocols: [],
    });
    const { azure: a, hubcast: h } = await both(recorded(docs.CONNECT, { headers: AWPS, body }));
    expect([a.status, a.text]).toEqual([401, 'denied by the app']);
    expect([h.status, h.text]).toEqual([a.status, a.text]);
  });

  it.each([
    ['connected', docs.CONNECTED],
    ['disconnected', docs.DISCONNECTED],
    ['MQTT disconnected', docs.MQTT_DISCONNECTED],
  ])('%s (non-blocking)', async (_name, block) => {
    const request = recorded(block, {
      headers: { ...AWPS, 'ce-subprotocol': block === docs.MQTT_DISCONNECTED ? 'mqtt' : 'abc' },
    });
    const before = [azure.seen.length, hubcast.seen.length] as const;
    const { azure: a, hubcast: h } = await both(request);
    await Promise.all([azure.notified(), hubcast.notified()]);
    expect([h.status, h.text]).toEqual([a.status, a.text]);
    expect(comparable(hubcast.seen.slice(before[1]))).toEqual(
      comparable(azure.seen.slice(before[0])),
    );
  });

  it('abuse protection with the default (any) origin', async () => {
    const { azure: a, hubcast: h } = await both(recorded(docs.ABUSE_PROTECTION, { headers: AWPS }));
    expect([h.status, h.headers.get('webhook-allowed-origin')]).toEqual([
      a.status,
      a.headers.get('webhook-allowed-origin'),
    ]);
    expect(h.headers.get('webhook-allowed-origin')).toBe('*');
  });

  it('an event for another hub falls through to the next route in both', async () => {
    const { azure: a, hubcast: h } = await both(
      recorded(docs.CUSTOM_TEXT, { headers: { ...AWPS, 'ce-hub': 'other' } }),
    );
    expect([a.status, a.text]).toEqual([404, 'fell through']);
    expect([h.status, h.text]).toEqual([404, 'fell through']);
  });
});

describe('where upstream is wrong, hubcast is stricter', () => {
  it('a forged signature: upstream runs the app, hubcast answers 401 and does not', async () => {
    const forged = recorded(docs.CONNECT, { headers: AWPS, signWith: ['not the key'] });
    const before = [azure.seen.length, hubcast.seen.length];
    const { azure: a, hubcast: h } = await both(forged);
    expect(a.status).toBe(200);
    expect(azure.seen.length).toBe((before[0] as number) + 1);
    expect(h.status).toBe(401);
    expect(hubcast.seen.length).toBe(before[1]);
  });

  it('a malformed JSON body: upstream answers 500 (with a stack), hubcast a 400 that says why', async () => {
    const { azure: a, hubcast: h } = await both(
      recorded(docs.CUSTOM_JSON, { headers: AWPS, body: '{"hello": ' }),
    );
    expect(a.status).toBe(500);
    expect([h.status, h.text]).toEqual([400, 'The user event body is not valid JSON']);
    expect(h.text).not.toMatch(/at \w/);
  });

  it('a request without the signature header at all: upstream runs the app, hubcast answers 401', async () => {
    const unsigned = recorded(docs.CUSTOM_TEXT, { headers: { ...AWPS, 'ce-signature': null } });
    const { azure: a, hubcast: h } = await both(unsigned);
    expect([a.status, a.text]).toEqual([200, 'echo: text data']);
    expect(h.status).toBe(401);
  });
});
