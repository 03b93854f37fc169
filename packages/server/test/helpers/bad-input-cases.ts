// The bad-input matrix as data: each case is a call that must throw (or reject) a TypeError or
// RangeError naming the parameter, before any request. Shared by bad-input-matrix.test.ts and
// secret-hygiene.test.ts.
import { parseConnectionString } from '../../src/connection-string.js';
import {
  AzureKeyCredential,
  SignalRServiceClient,
  WebPubSubServiceClient,
} from '../../src/index.js';
import {
  connectionStringCases,
  constructorCases,
  signalRMessages,
  webPubSubMessages,
} from './bad-input-drop-in.js';
import { signalR, webPubSub } from './bad-input-methods.js';
import { signalRCurrent } from './bad-input-signalr-current.js';

/** A distinctive base64 key ("bad input access key: never print it!!!"): secret-hygiene.test.ts
 * searches every error for it and its decoding. */
export const BAD_INPUT_KEY = 'YmFkIGlucHV0IGFjY2VzcyBrZXk6IG5ldmVyIHByaW50IGl0ISEh';

/** Clients pointed at the recording server, shared by the method cases. */
export interface Clients {
  wps: WebPubSubServiceClient;
  signalr: SignalRServiceClient;
  /** A SignalR client built with apiVersion 2024-12-01. */
  signalrCurrent: SignalRServiceClient;
}

/** What a case exercises; the test makes a valid call of the same kind after each bad one. */
export type Surface = 'Web PubSub' | 'SignalR' | 'constructors' | 'connection strings';
export type BadInputCase = [
  name: string,
  call: (c: Clients) => unknown,
  type: typeof TypeError | typeof RangeError,
  parameter: string,
];

const long = (n: number) => 'x'.repeat(n);
const cs = (rest: string) => `Endpoint=http://127.0.0.1;AccessKey=${BAD_INPUT_KEY};${rest}`;
const key = { key: BAD_INPUT_KEY };
const wpsFrom = (connectionString: string) => new WebPubSubServiceClient(connectionString, 'hub');
const signalrFrom = (connectionString: string) => new SignalRServiceClient(connectionString, 'hub');

const constructors: BadInputCase[] = [
  [
    'hub starting with a digit',
    () => new WebPubSubServiceClient(cs(''), '1hub'),
    RangeError,
    'hub',
  ],
  ['empty hub', () => new WebPubSubServiceClient(cs(''), ''), RangeError, 'hub'],
  ['hub with a dash', () => new WebPubSubServiceClient(cs(''), 'a-b'), RangeError, 'hub'],
  [
    'hub with a space (SignalR)',
    () => new SignalRServiceClient(cs(''), 'my hub'),
    RangeError,
    'hub',
  ],
  [
    'hub of 129 characters',
    () => new WebPubSubServiceClient(cs(''), `h${long(128)}`),
    RangeError,
    'hub',
  ],
  [
    'hub of 129 characters (SignalR)',
    () => new SignalRServiceClient(cs(''), `h${long(128)}`),
    RangeError,
    'hub',
  ],
  ['hub not a string', () => new WebPubSubServiceClient(cs(''), 42 as never), TypeError, 'hub'],
  [
    'endpoint not a URL',
    () => new WebPubSubServiceClient('not a url', key, 'hub'),
    TypeError,
    'endpoint',
  ],
  [
    'endpoint not a URL (SignalR)',
    () => new SignalRServiceClient('x.example/api', key, 'hub'),
    TypeError,
    'endpoint',
  ],
  [
    'endpoint with ftp',
    () => new WebPubSubServiceClient('ftp://x.example', key, 'hub'),
    RangeError,
    'endpoint',
  ],
  [
    'endpoint with ws (SignalR)',
    () => new SignalRServiceClient('ws://127.0.0.1', key, 'hub'),
    RangeError,
    'endpoint',
  ],
  [
    'http to a remote host',
    () => new WebPubSubServiceClient('http://x.example', key, 'hub'),
    RangeError,
    'allowInsecureConnection',
  ],
  [
    'http to a remote host (SignalR)',
    () => new SignalRServiceClient('http://10.0.0.1', key, 'hub'),
    RangeError,
    'allowInsecureConnection',
  ],
  [
    'http reverse proxy',
    () =>
      new WebPubSubServiceClient('https://x.example', key, 'hub', {
        reverseProxyEndpoint: 'http://proxy.example',
      }),
    RangeError,
    'reverseProxyEndpoint',
  ],
  [
    'credential without key or getToken',
    () => new WebPubSubServiceClient('https://x.example', {} as never, 'hub'),
    TypeError,
    'credential',
  ],
  [
    'empty key',
    () => new WebPubSubServiceClient('https://x.example', { key: '' }, 'hub'),
    RangeError,
    'credential.key',
  ],
  [
    'key not a string',
    () => new SignalRServiceClient('https://x.example', { key: 5 } as never, 'hub'),
    TypeError,
    'credential.key',
  ],
  ['AzureKeyCredential with an empty key', () => new AzureKeyCredential(''), RangeError, 'key'],
  [
    'AzureKeyCredential with no key',
    () => new AzureKeyCredential(undefined as never),
    TypeError,
    'key',
  ],
  [
    'AzureKeyCredential.update with an empty key',
    () => new AzureKeyCredential(BAD_INPUT_KEY).update(''),
    RangeError,
    'newKey',
  ],
  [
    'options not an object',
    () => new WebPubSubServiceClient(cs(''), 'hub', 'fast' as never),
    TypeError,
    'options',
  ],
  [
    'negative retries',
    () => new WebPubSubServiceClient(cs(''), 'hub', { retry: { maxRetries: -1 } }),
    RangeError,
    'maxRetries',
  ],
  [
    'fractional retries',
    () => new SignalRServiceClient(cs(''), 'hub', { retry: { maxRetries: 1.5 } }),
    RangeError,
    'maxRetries',
  ],
  [
    'negative retry delay',
    () => new SignalRServiceClient(cs(''), 'hub', { retry: { retryDelayInMs: -1 } }),
    RangeError,
    'retryDelayInMs',
  ],
  [
    'negative timeout',
    () => new WebPubSubServiceClient(cs(''), 'hub', { timeoutInMs: -5 }),
    RangeError,
    'timeoutInMs',
  ],
  [
    'NaN timeout',
    () => new SignalRServiceClient(cs(''), 'hub', { timeoutInMs: Number.NaN }),
    RangeError,
    'timeoutInMs',
  ],
  [
    'fetch not a function',
    () => new WebPubSubServiceClient(cs(''), 'hub', { fetch: 'x' as never }),
    TypeError,
    'fetch',
  ],
  [
    'apiVersion empty',
    () => new WebPubSubServiceClient(cs(''), 'hub', { apiVersion: '' }),
    RangeError,
    'apiVersion',
  ],
  [
    'bad applicationName',
    () => new SignalRServiceClient(cs(''), 'hub', { applicationName: '1app' }),
    RangeError,
    'applicationName',
  ],
  [
    'too long applicationName + hub',
    () => new SignalRServiceClient(cs(''), `h${long(60)}`, { applicationName: `a${long(70)}` }),
    RangeError,
    'applicationName',
  ],
];

const connectionStrings: BadInputCase[] = [
  ['not a string', () => parseConnectionString(42), TypeError, 'connectionString'],
  [
    'not a string (client)',
    () => new WebPubSubServiceClient(undefined as never, 'hub'),
    TypeError,
    'connectionString',
  ],
  [
    'missing Endpoint',
    () => parseConnectionString(`AccessKey=${BAD_INPUT_KEY}`),
    TypeError,
    'Endpoint',
  ],
  ['empty Endpoint', () => wpsFrom(`Endpoint=;AccessKey=${BAD_INPUT_KEY}`), TypeError, 'Endpoint'],
  ['missing AccessKey', () => wpsFrom('Endpoint=https://x.example'), TypeError, 'AccessKey'],
  [
    'missing AccessKey (SignalR)',
    () => signalrFrom('Endpoint=https://x.example;Version=1.0'),
    TypeError,
    'AccessKey',
  ],
  [
    'duplicate key, other case',
    () => wpsFrom(cs('endpoint=https://y.example')),
    TypeError,
    'endpoint',
  ],
  [
    'duplicate AccessKey (SignalR)',
    () => signalrFrom(cs(`AccessKey=${BAD_INPUT_KEY}`)),
    TypeError,
    'AccessKey',
  ],
  ['segment without =', () => parseConnectionString(cs(BAD_INPUT_KEY)), TypeError, 'key=value'],
  ['segment starting with =', () => wpsFrom(cs(`=${BAD_INPUT_KEY}`)), TypeError, 'key=value'],
  [
    'Endpoint not a URL',
    () => parseConnectionString(`Endpoint=::${BAD_INPUT_KEY};AccessKey=k`),
    TypeError,
    'Endpoint',
  ],
  [
    'Endpoint with ftp',
    () => wpsFrom(`Endpoint=ftp://x.example;AccessKey=${BAD_INPUT_KEY}`),
    RangeError,
    'Endpoint',
  ],
  [
    'Endpoint http to a remote host',
    () => signalrFrom(`Endpoint=http://x.example;AccessKey=${BAD_INPUT_KEY}`),
    RangeError,
    'allowInsecureConnection',
  ],
  [
    'ClientEndpoint with ws',
    () => signalrFrom(cs('ClientEndpoint=ws://c.example')),
    RangeError,
    'ClientEndpoint',
  ],
  [
    'ServerEndpoint http to a remote host',
    () => signalrFrom(cs('ServerEndpoint=http://s.example')),
    RangeError,
    'ServerEndpoint',
  ],
  ['Port not a number', () => wpsFrom(cs('Port=http')), RangeError, 'Port'],
  ['Port 99999', () => parseConnectionString(cs('Port=99999')), RangeError, 'Port'],
  ['Version 2.0', () => signalrFrom(cs('Version=2.0')), RangeError, 'Version'],
  ['Version 2.0 (Web PubSub)', () => wpsFrom(cs('Version=2.0')), RangeError, 'Version'],
  ['Version empty', () => parseConnectionString(cs('Version=')), RangeError, 'Version'],
  ['Version not a number', () => parseConnectionString(cs('Version=one')), RangeError, 'Version'],
  [
    'AuthType azure.msi without a credential',
    () => signalrFrom('Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0'),
    TypeError,
    'AuthType',
  ],
];

export const BAD_INPUT_CASES: [Surface, BadInputCase[]][] = [
  ['Web PubSub', webPubSub],
  ['Web PubSub', webPubSubMessages],
  ['SignalR', signalR],
  ['SignalR', signalRCurrent],
  ['SignalR', signalRMessages],
  ['constructors', [...constructors, ...constructorCases(BAD_INPUT_KEY)]],
  ['connection strings', [...connectionStrings, ...connectionStringCases(BAD_INPUT_KEY)]],
];

/** The error a call throws or rejects with (undefined when it succeeds). */
export async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}
