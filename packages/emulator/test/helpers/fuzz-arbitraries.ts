// fast-check arbitraries for the emulator fuzz: REST requests (real route shapes with random segments,
// percent-encodings, very long segments, queries, bodies of every kind and content types) and client
// WebSocket frames for both services (random text/binary, JSON, protocol messages with wrong types).
import fc from 'fast-check';
import type { RouteSpec } from '../../src/http/route-spec.js';
import { allRoutes, sampleBody, samplePath } from './routes.js';

/** Characters node:http sends in a request target as they are (it refuses controls and spaces). */
const pathChar = fc.mapToConstant({
  num: 0x7e - 0x21 + 1,
  build: (v) => String.fromCharCode(0x21 + v),
});
const rawString = (maxLength: number) =>
  fc.string({ unit: pathChar, maxLength }).map((s) => s.replace(/[?#]/g, '%'));

const literals = [
  ...new Set(
    allRoutes.flatMap(({ route }) => route.path.split('/').filter((s) => !s.startsWith('{'))),
  ),
  'client',
  'negotiate',
  'chat',
];

const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...literals) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }).map(encodeURIComponent) },
  { weight: 2, arbitrary: rawString(24) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%',
      '%zz',
      '%E0%A4%A',
      '%C0%AF',
      '%00',
      '..',
      '.',
      '%2F',
      '%2e%2e',
      '',
    ),
  },
  // Long, and past node's 16 KB header limit.
  { weight: 1, arbitrary: fc.constantFrom(1000, 4000, 17_000).map((n) => 'a'.repeat(n)) },
);

/** A real route's template: each parameter a valid value or a random segment, one literal maybe mutated. */
const routeShapedPath = (route: RouteSpec) =>
  fc
    .tuple(
      fc.infiniteStream(
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: segment },
        ),
      ),
      fc.nat(40),
    )
    .map(([segments, mutate]) => {
      const { values } = samplePath(route);
      const it = segments[Symbol.iterator]();
      const parts = route.path
        .split('/')
        .slice(1)
        .map((part, i) => {
          const name = /^\{(.+)\}$/.exec(part)?.[1];
          if (name === undefined && i !== mutate) return part;
          return it.next().value ?? encodeURIComponent(values[name ?? ''] ?? part);
        });
      return `/${parts.join('/')}`;
    });

const freePath = fc.array(segment, { minLength: 0, maxLength: 8 }).map((s) => `/${s.join('/')}`);

const queryKeys = [
  ...new Set(allRoutes.flatMap(({ route }) => route.parameters.map((p) => p.name))),
  'hub',
  'negotiateVersion',
  'access_token',
];

const queryValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', '0', '-1', '1', '301', '99999999999999999999', '1e400', 'NaN', '1.5', 'true'),
  fc.constantFrom(
    "userId eq 'a'",
    "'g' in groups",
    'not (',
    "connectionId gt 'x' or",
    '((((',
    "''''",
  ),
  fc.integer({ min: 100, max: 5000 }).map((n) => 'x'.repeat(n)),
);

const query = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom(...queryKeys), fc.string({ maxLength: 8 })), queryValue),
    {
      maxLength: 6,
    },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
  .chain((pairs) =>
    fc.oneof(
      fc.constant(pairs),
      rawString(30).map((raw) => [...pairs, raw]),
    ),
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));

const HUGE = Buffer.alloc(1024 * 1024 + 1, 'a');

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, around the JSON depth limit and far past it. */
export const deepJson = fc
  .tuple(
    fc.oneof(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 1000, max: 100_000 })),
    fc.boolean(),
  )
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

const jsonBody = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .record(
      { Target: fc.jsonValue({ maxDepth: 1 }), Arguments: fc.jsonValue({ maxDepth: 3 }) },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record(
      { groups: fc.jsonValue({ maxDepth: 2 }), filter: fc.oneof(queryValue, fc.jsonValue()) },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  deepJson,
  // Deep where the schemas let it through to the handlers: SignalR arguments, Web PubSub groups.
  deepJson.map((deep) => `{"Target":"t","Arguments":[${deep}]}`),
  deepJson.map((deep) => `{"groups":${deep}}`),
);

const body: fc.Arbitrary<Uint8Array | string | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
  { weight: 4, arbitrary: jsonBody },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(HUGE) },
);

const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'application/json',
    'text/plain',
    'application/octet-stream',
    'application/json; charset=utf-8',
    'TEXT/PLAIN',
    'multipart/form-data; boundary=x',
    'application/xml',
    '',
  ),
  rawString(30),
);

const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
const auth = fc.constantFrom<RestCase['auth']>(
  'valid',
  'valid',
  'valid',
  'valid',
  'none',
  'forged',
);

/** Short counterexamples: a 100 000-level JSON document would otherwise fill the report. */
function withSummary<T extends object>(value: T, summary: () => string): T {
  return Object.assign(value, { [fc.toStringMethod]: summary });
}

function describe(data: string | Uint8Array | undefined): string {
  if (data === undefined) return 'none';
  if (typeof data !== 'string') return `${data.length} bytes`;
  return data.length > 300
    ? `${data.slice(0, 150)}…(${data.length} chars)…${data.slice(-50)}`
    : data;
}

export interface RestCase {
  readonly service: 'webPubSub' | 'signalR';
  readonly method: string;
  /** Path and query, as sent on the request line. */
  readonly target: string;
  readonly body: Uint8Array | string | undefined;
  readonly contentType: string | undefined;
  /** A token whose aud is the request URL, none, or one signed with another key. */
  readonly auth: 'valid' | 'none' | 'forged';
}

/**
 * A body of a type the route takes (random, or its sample body with a deep document where an array
 * or any JSON goes), or anything at all.
 */
function routeBody(route: RouteSpec) {
  const types = route.requestBody?.contentTypes ?? ['application/json'];
  const sample = sampleBody(route);
  const withDeep = deepJson.map((deep) => {
    if (sample?.contentType !== 'application/json') return deep;
    return sample.body.replace(/\[\]/g, `[${deep}]`);
  });
  return {
    body: fc.oneof({ weight: 3, arbitrary: body }, { weight: 1, arbitrary: withDeep }),
    contentType: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...types) },
      { weight: 1, arbitrary: contentType },
    ),
  };
}

/** Mostly the route's own method and a body type it takes, so requests get past routing and auth. */
const routeCase = fc.constantFrom(...allRoutes).chain(({ service, route }) =>
  fc.record({
    service: fc.constant(service),
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constant(route.method) },
      { weight: 1, arbitrary: method },
    ),
    target: fc.tuple(routeShapedPath(route), query).map(([path, q]) => path + q),
    ...routeBody(route),
    auth,
  }),
);

const freeCase = fc.record({
  service: fc.constantFrom('webPubSub' as const, 'signalR' as const),
  method,
  target: fc.tuple(freePath, query).map(([path, q]) => path + q),
  body,
  contentType,
  auth,
});

export const restCase: fc.Arbitrary<RestCase> = fc
  .oneof({ weight: 4, arbitrary: routeCase }, { weight: 1, arbitrary: freeCase })
  .map((c) =>
    withSummary(
      c,
      () =>
        `${c.method} ${c.service} ${c.target.slice(0, 300)} body=${describe(c.body)} type=${c.contentType}`,
    ),
  );

/** Anything that might sit in a field of a protocol message. */
const anyField = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('room', '', ' ', 'a'.repeat(1025), -1, 1.5, 2 ** 53, null, true),
);

const wpsRequest = fc
  .record(
    {
      type: fc.oneof(
        fc.constantFrom(
          'joinGroup',
          'leaveGroup',
          'sendToGroup',
          'event',
          'invoke',
          'cancelInvocation',
          'ping',
          'sequenceAck',
        ),
        anyField,
      ),
      group: anyField,
      ackId: fc.oneof(fc.nat(20), anyField),
      dataType: fc.oneof(fc.constantFrom('json', 'text', 'binary'), anyField),
      data: fc.oneof(anyField, fc.base64String({ maxLength: 40 })),
      noEcho: anyField,
      event: anyField,
      sequenceId: anyField,
      invocationId: anyField,
      metadata: fc.oneof(
        fc.dictionary(fc.string({ maxLength: 8 }), anyField, { maxKeys: 3 }),
        anyField,
      ),
      ttlSeconds: anyField,
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));

const deepWpsSend = deepJson.map(
  (data) => `{"type":"sendToGroup","group":"room","ackId":1,"dataType":"json","data":${data}}`,
);

export interface WsFrame {
  readonly data: string | Uint8Array;
  readonly binary: boolean;
}

const frameOf = (data: string | Uint8Array, binary: boolean): WsFrame =>
  withSummary({ data, binary }, () => `${binary ? 'binary' : 'text'} ${describe(data)}`);
const text = (arb: fc.Arbitrary<string>) => arb.map((data) => frameOf(data, false));
const binary = fc.uint8Array({ maxLength: 1024 }).map((data) => frameOf(data, true));

export const webPubSubFrame: fc.Arbitrary<WsFrame> = fc.oneof(
  { weight: 1, arbitrary: text(fc.string({ maxLength: 200 })) },
  { weight: 1, arbitrary: text(fc.json({ maxDepth: 3 })) },
  { weight: 1, arbitrary: binary },
  { weight: 5, arbitrary: text(wpsRequest) },
  { weight: 1, arbitrary: text(deepWpsSend) },
);

const hubMessage = fc
  .record(
    {
      type: fc.oneof(fc.integer({ min: 0, max: 10 }), anyField),
      invocationId: anyField,
      target: anyField,
      arguments: fc.oneof(fc.array(anyField, { maxLength: 3 }), anyField),
      streamIds: anyField,
      error: anyField,
      allowReconnect: anyField,
    },
    { requiredKeys: [] },
  )
  .map((v) => JSON.stringify(v));

/** SignalR records, each terminated by 0x1E so the next frame starts a fresh record. */
export const signalRFrame: fc.Arbitrary<WsFrame & { readonly split: boolean }> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 5, arbitrary: hubMessage },
        { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
        {
          weight: 1,
          arbitrary: fc.string({ maxLength: 100 }).map((s) => s.replaceAll('\x1e', '')),
        },
        { weight: 1, arbitrary: deepJson },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([records, asBinary, split]) => {
    const joined = `${records.join('\x1e')}\x1e`;
    return { ...frameOf(asBinary ? Buffer.from(joined) : joined, asBinary), split };
  });

export interface UpgradeCase {
  readonly service: 'webPubSub' | 'signalR';
  /** Path and query of the handshake request. */
  readonly target: string;
  readonly protocols: string[];
  /** Whether an access_token signed for the path (and hub) is appended. */
  readonly token: boolean;
}

const clientPath = fc.oneof(
  segment.map((hub) => `/client/hubs/${hub}`),
  fc.constantFrom(
    '/client/',
    '/client',
    '/client/hubs/',
    '/client/negotiate',
    '/clients/mqtt/hubs/chat',
  ),
  freePath,
);

/** WebSocket handshakes with random paths, queries (hub, id, recovery) and subprotocols. */
export const upgradeCase: fc.Arbitrary<UpgradeCase> = fc.record({
  service: fc.constantFrom('webPubSub' as const, 'signalR' as const),
  target: fc
    .tuple(
      clientPath,
      query,
      fc.oneof(
        fc.constant(''),
        segment.map((hub) => `hub=${hub}`),
      ),
      fc.constantFrom('', 'id=unknown', 'awps_connection_id=x&awps_reconnection_token=y'),
    )
    .map(([path, q, hub, extra]) => {
      const params = [q.slice(1), hub, extra].filter(Boolean).join('&');
      return params ? `${path}?${params}` : path;
    }),
  protocols: fc.uniqueArray(
    fc.constantFrom(
      'json.webpubsub.azure.v1',
      'json.reliable.webpubsub.azure.v1',
      'protobuf.webpubsub.azure.v1',
      'json.webpubsub.azure.v2',
      'mqtt',
      'x',
    ),
    { maxLength: 3 },
  ),
  token: fc.boolean(),
});
