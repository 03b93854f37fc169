// Bad input is rejected before any request, with a TypeError or RangeError naming the parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';
import { type RecordingServer, startRecordingServer } from './helpers/recording-server.js';

const KEY = 'validation-key';
let server: RecordingServer;
let wps: WebPubSubServiceClient;
let signalr: SignalRServiceClient;

beforeAll(async () => {
  server = await startRecordingServer();
  const cs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`;
  wps = new WebPubSubServiceClient(cs, 'hub');
  signalr = new SignalRServiceClient(cs, 'hub');
});
afterAll(() => server.close());

type ErrorType = typeof TypeError | typeof RangeError;
type Bad = [string, () => unknown, ErrorType, string];

const long = (n: number) => 'x'.repeat(n);
const cs = (rest: string) => `Endpoint=http://127.0.0.1;AccessKey=${KEY};${rest}`;

const webPubSubCases: Bad[] = [
  [
    'hub starting with a digit',
    () => new WebPubSubServiceClient(cs(''), '1hub'),
    RangeError,
    'hub',
  ],
  ['empty hub', () => new WebPubSubServiceClient(cs(''), ''), RangeError, 'hub'],
  ['hub with a dash', () => new WebPubSubServiceClient(cs(''), 'a-b'), RangeError, 'hub'],
  [
    'hub of 129 characters',
    () => new WebPubSubServiceClient(cs(''), `h${long(128)}`),
    RangeError,
    'hub',
  ],
  ['hub not a string', () => new WebPubSubServiceClient(cs(''), 42 as never), TypeError, 'hub'],
  ['empty group', () => wps.group(''), RangeError, 'groupName'],
  ['blank group', () => wps.group('   '), RangeError, 'groupName'],
  ['group of 1025 characters', () => wps.groupExists(long(1025)), RangeError, 'groupName'],
  ['group not a string', () => wps.group(undefined as never), TypeError, 'groupName'],
  ['empty userId', () => wps.sendToUser('', 'x'), RangeError, 'userId'],
  ['empty connectionId', () => wps.sendToConnection('', 'x'), RangeError, 'connectionId'],
  ['empty connectionId (close)', () => wps.closeConnection(''), RangeError, 'connectionId'],
  ['empty userId (exists)', () => wps.userExists(''), RangeError, 'userId'],
  [
    'empty connectionId (group)',
    () => wps.group('g').addConnection(''),
    RangeError,
    'connectionId',
  ],
  ['empty userId (group)', () => wps.group('g').removeUser(''), RangeError, 'userId'],
  [
    'ttl below 0',
    () => wps.sendToAll('x', { messageTtlSeconds: -1 }),
    RangeError,
    'messageTtlSeconds',
  ],
  [
    'ttl above 300',
    () => wps.sendToAll('x', { messageTtlSeconds: 301 }),
    RangeError,
    'messageTtlSeconds',
  ],
  [
    'ttl not an integer',
    () => wps.sendToUser('u', 'x', { messageTtlSeconds: 1.5 }),
    TypeError,
    'messageTtlSeconds',
  ],
  [
    'ttl as a string',
    () => wps.group('g').sendToAll('x', { messageTtlSeconds: '5' as never }),
    TypeError,
    'messageTtlSeconds',
  ],
  [
    'excluded not an array',
    () => wps.sendToAll('x', { excludedConnections: 'c1' as never }),
    TypeError,
    'excludedConnections',
  ],
  [
    'empty excluded id',
    () => wps.closeAllConnections({ excluded: ['a', ''] }),
    RangeError,
    'excluded[1]',
  ],
  [
    'unknown permission',
    () => wps.grantPermission('c', 'admin' as never),
    RangeError,
    'permission',
  ],
  ['groups not an array', () => wps.addConnectionsToGroups('g' as never, 'f'), TypeError, 'groups'],
  [
    'blank group in groups',
    () => wps.removeConnectionsFromGroups(['g', ' '], 'f'),
    RangeError,
    'groups[1]',
  ],
  [
    'filter not a string',
    () => wps.addConnectionsToGroups(['g'], undefined as never),
    TypeError,
    'filter',
  ],
  ['undefined message', () => wps.sendToAll(undefined as never), TypeError, 'message'],
  [
    'text with an object',
    () => wps.sendToAll({} as never, { contentType: 'text/plain' }),
    TypeError,
    'message',
  ],
  [
    'token expiry 0',
    () => wps.getClientAccessToken({ expirationTimeInMinutes: 0 }),
    RangeError,
    'expirationTimeInMinutes',
  ],
  [
    'unknown protocol',
    () => wps.getClientAccessToken({ clientProtocol: 'ws' as never }),
    RangeError,
    'clientProtocol',
  ],
  [
    'roles not an array',
    () => wps.getClientAccessToken({ roles: 'r' as never }),
    TypeError,
    'roles',
  ],
  [
    'maxPageSize 0',
    () => wps.group('g').listConnections({ maxPageSize: 0 }),
    RangeError,
    'maxPageSize',
  ],
  [
    'maxPageSize 201',
    () => wps.group('g').listConnections({ maxPageSize: 201 }),
    RangeError,
    'maxPageSize',
  ],
  ['top 0', () => wps.group('g').listConnections({ top: 0 }), RangeError, 'top'],
  [
    'concurrency 0',
    () => wps.sendToUsers(['u'], 'x', { concurrency: 0 }),
    RangeError,
    'concurrency',
  ],
  [
    'empty id in fan-out',
    () => wps.sendToConnections(['c', ''], 'x'),
    RangeError,
    'connectionIds[1]',
  ],
  [
    'apiVersion empty',
    () => new WebPubSubServiceClient(cs(''), 'hub', { apiVersion: '' }),
    RangeError,
    'apiVersion',
  ],
];

const endpointCases: Bad[] = [
  [
    'endpoint not a URL',
    () => new WebPubSubServiceClient('not a url', { key: 'k' }, 'hub'),
    TypeError,
    'endpoint',
  ],
  [
    'endpoint with ftp',
    () => new WebPubSubServiceClient('ftp://x.example', { key: 'k' }, 'hub'),
    RangeError,
    'endpoint',
  ],
  [
    'http to a remote host',
    () => new WebPubSubServiceClient('http://x.example', { key: 'k' }, 'hub'),
    RangeError,
    'allowInsecureConnection',
  ],
  [
    'http reverse proxy',
    () =>
      new WebPubSubServiceClient('https://x.example', { key: 'k' }, 'hub', {
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
    'connection string without Endpoint',
    () => new WebPubSubServiceClient(`AccessKey=${KEY}`, 'hub'),
    TypeError,
    'Endpoint',
  ],
  [
    'connection string without AccessKey',
    () => new WebPubSubServiceClient('Endpoint=https://x.example', 'hub'),
    TypeError,
    'AccessKey',
  ],
  [
    'connection string with a duplicate key',
    () => new WebPubSubServiceClient(cs('endpoint=https://y.example'), 'hub'),
    TypeError,
    'endpoint',
  ],
  [
    'connection string with a bad Port',
    () => new WebPubSubServiceClient(cs('Port=http'), 'hub'),
    RangeError,
    'Port',
  ],
  [
    'connection string not a string',
    () => new WebPubSubServiceClient(undefined as never, 'hub'),
    TypeError,
    'connectionString',
  ],
  [
    'negative retries',
    () => new WebPubSubServiceClient(cs(''), 'hub', { retry: { maxRetries: -1 } }),
    RangeError,
    'maxRetries',
  ],
  [
    'negative timeout',
    () => new WebPubSubServiceClient(cs(''), 'hub', { timeoutInMs: -5 }),
    RangeError,
    'timeoutInMs',
  ],
  [
    'fetch not a function',
    () => new WebPubSubServiceClient(cs(''), 'hub', { fetch: 'x' as never }),
    TypeError,
    'fetch',
  ],
];

const signalRCases: Bad[] = [
  ['Version 2.0', () => new SignalRServiceClient(cs('Version=2.0'), 'hub'), RangeError, 'Version'],
  [
    'AuthType azure.msi without a credential',
    () =>
      new SignalRServiceClient(
        'Endpoint=https://x.service.signalr.net;AuthType=azure.msi;Version=1.0',
        'hub',
      ),
    TypeError,
    'AuthType',
  ],
  [
    'bad applicationName',
    () => new SignalRServiceClient(cs(''), 'hub', { applicationName: '1app' }),
    RangeError,
    'applicationName',
  ],
  [
    'too long app + hub',
    () => new SignalRServiceClient(cs(''), `h${long(60)}`, { applicationName: `a${long(70)}` }),
    RangeError,
    'applicationName',
  ],
  ['empty target', () => signalr.sendToAll(''), RangeError, 'target'],
  ['args not an array', () => signalr.sendToUser('u', 'm', 'x' as never), TypeError, 'args'],
  ['empty userId', () => signalr.sendToUser('', 'm'), RangeError, 'userId'],
  ['group of 1025 characters', () => signalr.sendToGroup(long(1025), 'm'), RangeError, 'group'],
  ['empty group', () => signalr.addConnectionToGroup('c', ''), RangeError, 'group'],
  [
    'negative ttl',
    () => signalr.addUserToGroup('u', 'g', { ttlSeconds: -1 }),
    RangeError,
    'ttlSeconds',
  ],
  [
    'fractional ttl',
    () => signalr.addUserToGroup('u', 'g', { ttlSeconds: 0.5 }),
    TypeError,
    'ttlSeconds',
  ],
  [
    'empty excluded id',
    () => signalr.sendToGroup('g', 'm', [], { excluded: [''] }),
    RangeError,
    'excluded[0]',
  ],
  ['claims not an object', () => signalr.negotiate({ claims: 'x' as never }), TypeError, 'claims'],
  [
    'expiresInMinutes 0',
    () => signalr.negotiate({ expiresInMinutes: 0 }),
    RangeError,
    'expiresInMinutes',
  ],
  ['empty id in fan-out', () => signalr.sendToUsers(['u', ''], 'm'), RangeError, 'userIds[1]'],
];

async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each([
  ['Web PubSub', webPubSubCases],
  ['endpoints, credentials and options', endpointCases],
  ['SignalR', signalRCases],
])('%s validation', (_group, cases) => {
  it.each(cases)('%s', async (_name, call, type, parameter) => {
    server.take();
    const error = await thrown(call);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(parameter);
    expect(server.take()).toHaveLength(0);
  });
});

describe('valid edge values pass', () => {
  it('accepts the limits', async () => {
    await wps.sendToAll('x', { messageTtlSeconds: 0 });
    await wps.sendToAll('x', { messageTtlSeconds: 300 });
    await wps.groupExists(long(1024));
    await signalr.sendToGroup(' ', 'm');
    await signalr.addUserToGroup('u', 'g', { ttlSeconds: 0 });
    new WebPubSubServiceClient(cs(''), `h${long(127)}`);
    new WebPubSubServiceClient('http://x.example', { key: 'k' }, 'hub', {
      allowInsecureConnection: true,
    });
    new WebPubSubServiceClient('http://localhost:8080', { key: 'k' }, 'hub');
    new WebPubSubServiceClient('http://[::1]:8080', { key: 'k' }, 'hub');
    expect(server.take()).toHaveLength(5);
  });
});
