// Bad-input cases of messages (values JSON cannot carry, bodies over 1 MB), user ids of tokens, SignalR
// hub names, group lists, and the @azure/web-pubsub options fetch cannot honour; see bad-input-cases.ts
// for the shape.
import {
  createSignalRRestClient,
  createWebPubSubRestClient,
  SignalRServiceClient,
  WebPubSubServiceClient,
} from '../../src/index.js';
import type { BadInputCase } from './bad-input-cases.js';

const MB = 1024 * 1024;
const cyclic = (): object => {
  const value: { self?: object } = {};
  value.self = value;
  return value;
};

export const webPubSubMessages: BadInputCase[] = [
  ['null message', (c) => c.wps.sendToAll(null as never), TypeError, 'message'],
  ['Map message', (c) => c.wps.sendToAll(new Map([['a', 1]]) as never), TypeError, 'message'],
  [
    'Set message (group)',
    (c) => c.wps.group('g').sendToAll(new Set([1]) as never),
    TypeError,
    'message',
  ],
  [
    'Promise message',
    (c) => c.wps.sendToUser('u', Promise.resolve(1) as never),
    TypeError,
    'message',
  ],
  [
    'web stream message',
    (c) => c.wps.sendToAll(new ReadableStream() as never),
    TypeError,
    'message',
  ],
  [
    'Node stream message',
    (c) => c.wps.sendToAll({ pipe: () => undefined, readable: true } as never),
    TypeError,
    'message',
  ],
  ['function message', (c) => c.wps.sendToAll((() => 1) as never), TypeError, 'message'],
  ['BigInt in a message', (c) => c.wps.sendToAll({ n: 1n }), TypeError, 'message'],
  ['cyclic message', (c) => c.wps.sendToConnection('c', cyclic()), TypeError, 'message'],
  [
    'JSON message over 1 MB',
    (c) => c.wps.sendToAll({ text: 'x'.repeat(MB) }),
    RangeError,
    'message',
  ],
  [
    // 524,289 characters, 1,048,578 bytes in UTF-8: the limit counts bytes.
    'text over 1 MB in UTF-8 bytes',
    (c) => c.wps.sendToAll('é'.repeat(MB / 2 + 1), { contentType: 'text/plain' }),
    RangeError,
    'message',
  ],
  [
    'bytes over 1 MB',
    (c) => c.wps.sendToConnection('c', new Uint8Array(MB + 1)),
    RangeError,
    'message',
  ],
  [
    'fan-out of a message over 1 MB',
    (c) => c.wps.sendToUsers(['a', 'b'], new Blob([new Uint8Array(MB + 1)])),
    RangeError,
    'message',
  ],
  [
    'empty userId of a token',
    (c) => c.wps.getClientAccessToken({ userId: '' }),
    RangeError,
    'options.userId',
  ],
  [
    'addConnectionsToGroups with no group',
    (c) => c.wps.addConnectionsToGroups([], 'x'),
    RangeError,
    'groups',
  ],
  [
    'removeConnectionsFromGroups with no group',
    (c) => c.wps.removeConnectionsFromGroups([], 'x'),
    RangeError,
    'groups',
  ],
  [
    'requestOptions.onUploadProgress',
    (c) => c.wps.sendToAll('x', { requestOptions: { onUploadProgress: () => {} } }),
    TypeError,
    'options.requestOptions.onUploadProgress',
  ],
  [
    'requestOptions.shouldDeserialize',
    (c) => c.wps.groupExists('g', { requestOptions: { shouldDeserialize: false } }),
    TypeError,
    'options.requestOptions.shouldDeserialize',
  ],
  [
    'negative requestOptions.timeout',
    (c) => c.wps.userExists('u', { requestOptions: { timeout: -1 } }),
    RangeError,
    'options.requestOptions.timeout',
  ],
  [
    'byPage maxPageSize',
    (c) => c.wps.group('g').listConnections().byPage({ maxPageSize: 5 }),
    RangeError,
    'maxPageSize',
  ],
];

export const signalRMessages: BadInputCase[] = [
  [
    'empty userId of negotiate',
    (c) => c.signalr.negotiate({ userId: '' }),
    RangeError,
    'options.userId',
  ],
  [
    'blank userId of generateClientToken',
    (c) => c.signalrCurrent.generateClientToken({ userId: ' ' }),
    RangeError,
    'options.userId',
  ],
  ['arguments over 1 MB', (c) => c.signalr.sendToAll('t', ['x'.repeat(MB)]), RangeError, 'args'],
  [
    'arguments over 1 MB (current API, fan-out)',
    (c) => c.signalrCurrent.sendToGroups(['g1', 'g2'], 't', ['x'.repeat(MB)]),
    RangeError,
    'args',
  ],
  ['BigInt argument', (c) => c.signalr.sendToUser('u', 't', [1n]), TypeError, 'args'],
  [
    'stream item over 1 MB',
    (c) => c.signalrCurrent.sendStreamItem('c', 's', 'x'.repeat(MB)),
    RangeError,
    'item',
  ],
];

const cs = (key: string) => `Endpoint=http://127.0.0.1;AccessKey=${key};Version=1.0;`;

/** Constructor options and hub names; `key` is the matrix's access key. */
export function constructorCases(key: string): BadInputCase[] {
  const fetchInstead = (name: string, options: object): BadInputCase => [
    `options.${name} (fetch cannot honour it)`,
    () => new WebPubSubServiceClient(cs(key), 'hub', options as never),
    TypeError,
    `options.${name} is not supported here; pass `,
  ];
  return [
    fetchInstead('proxyOptions', { proxyOptions: { host: 'proxy', port: 8080 } }),
    fetchInstead('agent', { agent: {} }),
    fetchInstead('tlsOptions', { tlsOptions: { ca: 'PEM' } }),
    fetchInstead('httpClient', { httpClient: { sendRequest: async () => ({}) } }),
    fetchInstead('redirectOptions', { redirectOptions: { maxRetries: 5 } }),
    [
      'loggingOptions.logger not a function',
      () =>
        new WebPubSubServiceClient(cs(key), 'hub', {
          loggingOptions: { logger: 'debug' as never },
        }),
      TypeError,
      'options.loggingOptions.logger',
    ],
    [
      'additionalPolicies not an array',
      () => new SignalRServiceClient(cs(key), 'hub', { additionalPolicies: {} as never }),
      TypeError,
      'options.additionalPolicies',
    ],
    [
      'a policy without sendRequest',
      () =>
        new WebPubSubServiceClient(cs(key), 'hub', {
          additionalPolicies: [{ position: 'perCall', policy: { name: 'x' } as never }],
        }),
      TypeError,
      'options.additionalPolicies[0].policy.sendRequest',
    ],
    [
      'a policy at an unknown position',
      () =>
        new WebPubSubServiceClient(cs(key), 'hub', {
          additionalPolicies: [
            {
              position: 'sometimes' as never,
              policy: { name: 'x', sendRequest: (r, next) => next(r) },
            },
          ],
        }),
      RangeError,
      'options.additionalPolicies[0].position',
    ],
    [
      'userAgentPrefix not a string',
      () =>
        new WebPubSubServiceClient(cs(key), 'hub', {
          userAgentOptions: { userAgentPrefix: 1 as never },
        }),
      TypeError,
      'options.userAgentOptions.userAgentPrefix',
    ],
    [
      'empty clientRequestIdHeaderName',
      () =>
        new SignalRServiceClient(cs(key), 'hub', {
          telemetryOptions: { clientRequestIdHeaderName: '' },
        }),
      RangeError,
      'options.telemetryOptions.clientRequestIdHeaderName',
    ],
    [
      'SignalR hub with a dot',
      () => new SignalRServiceClient(cs(key), 'chat.v2'),
      RangeError,
      'hub',
    ],
    [
      'SignalR applicationName with a bracket',
      () => new SignalRServiceClient(cs(key), 'chat', { applicationName: 'app[1]' }),
      RangeError,
      'options.applicationName',
    ],
    [
      'raw client: endpoint not a URL',
      () => createWebPubSubRestClient('not a url', { key }),
      TypeError,
      'endpoint',
    ],
    [
      'raw client: AuthType azure without a credential',
      () =>
        createSignalRRestClient(
          'Endpoint=https://x.service.signalr.net;AuthType=azure;Version=1.0',
        ),
      TypeError,
      'AuthType',
    ],
    [
      'raw client: options not an object',
      () => createWebPubSubRestClient(cs(key), 'fast' as never),
      TypeError,
      'options',
    ],
  ];
}

export function connectionStringCases(key: string): BadInputCase[] {
  return [
    [
      'an endpoint URL instead of a connection string',
      () => new WebPubSubServiceClient('https://x.webpubsub.azure.com', 'hub'),
      TypeError,
      'connectionString is a URL: pass (endpoint, credential, hub), or Endpoint=https://',
    ],
    [
      'missing Endpoint, with the expected shape',
      () => new SignalRServiceClient(`AccessKey=${key};Version=1.0;`, 'hub'),
      TypeError,
      'Endpoint=https://<resource host>;AccessKey=<key>;Version=1.0;',
    ],
  ];
}
