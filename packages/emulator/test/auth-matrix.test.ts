// The auth matrix: every REST operation of both services (from the generated route tables), SignalR
// negotiate and the SignalR half-transport requests (server-sent events, long poll, send, delete),
// and both client WebSocket endpoints, each with every bad token of ./helpers/bad-tokens.
// REST answers 401 with the ErrorDetail shape; a WebSocket handshake is refused with 401 and the reason.
// A valid token passes each entry point, so the matrix fails if auth refuses everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../src/http/route-spec.js';
import { type BadToken, badTokens } from './helpers/bad-tokens.js';
import { allRoutes, sampleBody, sampleUrl } from './helpers/routes.js';
import { type Emulator, restCall, signToken, startTestEmulator, WsProbe } from './helpers.js';

let emulator: Emulator;
let rejected = 0;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
  const expected = (restEntries.length + socketEntries.length) * badTokens.length;
  // Printed only when every case ran; a skipped or failed case leaves the count short.
  if (rejected === expected) {
    console.log(`auth matrix: ${rejected} cases, all rejected with 401`);
  }
});

interface RestEntry {
  readonly name: string;
  readonly method: string;
  readonly url: () => string;
  /** The audience a correct token for this entry carries. */
  readonly aud: () => string;
  readonly body: { body: string; contentType: string } | undefined;
  /** Statuses a valid token may get: the route's success codes, or 404 for absent targets. */
  readonly accepted: readonly number[];
  readonly headers?: Record<string, string>;
  /** Sent as `access_token` in the query (as Node clients open server-sent events) instead of a header. */
  readonly tokenInQuery?: boolean;
}

const endpointOf = (service: 'webPubSub' | 'signalR') => emulator[service].endpoint;

const restEntries: RestEntry[] = [
  ...allRoutes.map(({ service, route }) => ({
    name: `${service} ${route.operationId}`,
    method: route.method,
    url: () => sampleUrl(endpointOf(service), route),
    aud: () => sampleUrl(endpointOf(service), route),
    body: sampleBody(route),
    accepted: acceptedStatuses(route),
  })),
  {
    name: 'signalR negotiate',
    method: 'POST',
    url: () => `${emulator.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`,
    aud: () => `${emulator.signalR.endpoint}/client/?hub=chat`,
    body: undefined,
    accepted: [200],
  },
  // The half-transports authenticate every request before they look the connection id up, so a
  // valid token on a made-up id gets 404.
  ...(
    [
      ['server-sent events GET', 'GET', { accept: 'text/event-stream' }, true],
      ['long-polling GET', 'GET', {}, false],
      ['send POST', 'POST', {}, false],
      ['long-polling DELETE', 'DELETE', {}, false],
    ] as const
  ).map(([name, method, headers, tokenInQuery]) => ({
    name: `signalR ${name} /client/`,
    method,
    url: () => `${emulator.signalR.endpoint}/client/?hub=chat&id=made-up`,
    aud: () => `${emulator.signalR.endpoint}/client/?hub=chat`,
    body:
      method === 'POST'
        ? { body: '{"protocol":"json","version":1}\x1e', contentType: 'text/plain' }
        : undefined,
    accepted: [404],
    headers,
    tokenInQuery,
  })),
];

function acceptedStatuses(route: RouteSpec): number[] {
  const targetsSomething = route.parameters.some((p) => p.in === 'path' && p.name !== 'hub');
  return targetsSomething ? [...route.successStatuses, 404] : [...route.successStatuses];
}

async function expectRestRefusal(entry: RestEntry, bad: BadToken): Promise<void> {
  const token = await bad.make(entry.aud());
  const response = await entryCall(entry, token);
  const text = await response.text();
  const where = `${entry.name} with a ${bad.name} token`;
  expect(response.status, where).toBe(401);
  expect(response.headers.get('x-ms-error-code'), where).toBe('Unauthorized');
  if (entry.method === 'HEAD') {
    expect(text, where).toBe('');
  } else {
    const body = JSON.parse(text);
    expect(body, where).toEqual({
      code: 'Unauthorized',
      message: expect.stringMatching(bad.reason),
      target: null,
      details: [],
    });
  }
  if (token) expect(text, where).not.toContain(token);
  rejected++;
}

/** Calls the entry with `token` (none when null) in the Authorization header or the query. */
function entryCall(entry: RestEntry, token: string | null): Promise<Response> {
  const inQuery = entry.tokenInQuery === true;
  const url = inQuery ? withToken(entry.url(), token) : entry.url();
  return restCall(entry.method, url, {
    token: inQuery ? null : token,
    ...(entry.headers ? { headers: entry.headers } : {}),
    ...(entry.body ?? {}),
  });
}

describe('REST: every operation of both services, SignalR negotiate and half-transports', () => {
  it.each(restEntries.map((e) => [e.name, e] as const))(
    '%s refuses every bad token with 401 and accepts a valid one',
    async (_, entry) => {
      await Promise.all(badTokens.map((bad) => expectRestRefusal(entry, bad)));
      const valid = await entryCall(entry, await signToken({ aud: entry.aud() }));
      await valid.arrayBuffer();
      expect(entry.accepted, `${entry.name} with a valid token`).toContain(valid.status);
    },
  );
});

interface SocketEntry {
  readonly name: string;
  /** The ws:// URL without a token; `&` or `?` follows for access_token. */
  readonly url: () => string;
  readonly aud: () => string;
}

const socketEntries: SocketEntry[] = [
  {
    name: 'Web PubSub /client/hubs/{hub}',
    url: () => `${emulator.webPubSub.endpoint.replace(/^http/, 'ws')}/client/hubs/chat`,
    aud: () => `${emulator.webPubSub.endpoint}/client/hubs/chat`,
  },
  {
    name: 'SignalR /client/?hub={hub}',
    url: () => `${emulator.signalR.endpoint.replace(/^http/, 'ws')}/client/?hub=chat`,
    aud: () => `${emulator.signalR.endpoint}/client/?hub=chat`,
  },
];

function withToken(url: string, token: string | null): string {
  if (token === null) return url;
  return `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
}

describe('client WebSockets: the handshake is refused with 401 and the reason', () => {
  it.each(socketEntries.map((e) => [e.name, e] as const))(
    '%s refuses every bad token and accepts a valid one',
    async (_, entry) => {
      for (const bad of badTokens) {
        const token = await bad.make(entry.aud());
        const refusal = await WsProbe.connect(withToken(entry.url(), token)).then(
          async (probe) => {
            await probe.close();
            return undefined;
          },
          (error: unknown) => error,
        );
        const where = `${entry.name} with a ${bad.name} token`;
        expect(refusal, where).toMatchObject({
          status: 401,
          body: expect.stringMatching(bad.reason),
          headers: expect.objectContaining({ connection: 'close' }),
        });
        if (token) expect((refusal as { body: string }).body, where).not.toContain(token);
        rejected++;
      }
      const probe = await WsProbe.connect(
        withToken(entry.url(), await signToken({ aud: entry.aud() })),
      );
      await probe.close();
    },
  );
});
