// Bad-input cases of the client methods (both services); see bad-input-cases.ts for the shape.
import type { BadInputCase } from './bad-input-cases.js';

const long = (n: number) => 'x'.repeat(n);

export const webPubSub: BadInputCase[] = [
  ['empty group', (c) => c.wps.group(''), RangeError, 'groupName'],
  ['blank group', (c) => c.wps.group('   '), RangeError, 'groupName'],
  ['group of 1025 characters', (c) => c.wps.groupExists(long(1025)), RangeError, 'groupName'],
  ['group not a string', (c) => c.wps.group(undefined as never), TypeError, 'groupName'],
  ['empty userId', (c) => c.wps.sendToUser('', 'x'), RangeError, 'userId'],
  ['whitespace userId', (c) => c.wps.sendToUser(' \t', 'x'), RangeError, 'userId'],
  ['empty connectionId', (c) => c.wps.sendToConnection('', 'x'), RangeError, 'connectionId'],
  ['whitespace connectionId', (c) => c.wps.connectionExists('  '), RangeError, 'connectionId'],
  ['empty connectionId (close)', (c) => c.wps.closeConnection(''), RangeError, 'connectionId'],
  ['empty userId (exists)', (c) => c.wps.userExists(''), RangeError, 'userId'],
  ['whitespace userId (close)', (c) => c.wps.closeUserConnections(' '), RangeError, 'userId'],
  [
    'empty connectionId (group)',
    (c) => c.wps.group('g').addConnection(''),
    RangeError,
    'connectionId',
  ],
  ['empty userId (group)', (c) => c.wps.group('g').removeUser(''), RangeError, 'userId'],
  [
    'messageTtlSeconds -1',
    (c) => c.wps.sendToAll('x', { messageTtlSeconds: -1 }),
    RangeError,
    'messageTtlSeconds',
  ],
  [
    'messageTtlSeconds 301',
    (c) => c.wps.sendToAll('x', { messageTtlSeconds: 301 }),
    RangeError,
    'messageTtlSeconds',
  ],
  [
    'messageTtlSeconds 1.5',
    (c) => c.wps.sendToUser('u', 'x', { messageTtlSeconds: 1.5 }),
    TypeError,
    'messageTtlSeconds',
  ],
  [
    'messageTtlSeconds NaN',
    (c) => c.wps.sendToConnection('c', 'x', { messageTtlSeconds: Number.NaN }),
    TypeError,
    'messageTtlSeconds',
  ],
  [
    'messageTtlSeconds as a string',
    (c) => c.wps.group('g').sendToAll('x', { messageTtlSeconds: '5' as never }),
    TypeError,
    'messageTtlSeconds',
  ],
  [
    'excluded not an array',
    (c) => c.wps.sendToAll('x', { excludedConnections: 'c1' as never }),
    TypeError,
    'excludedConnections',
  ],
  [
    'empty excluded id',
    (c) => c.wps.closeAllConnections({ excluded: ['a', ''] }),
    RangeError,
    'excluded[1]',
  ],
  [
    'unknown permission',
    (c) => c.wps.grantPermission('c', 'admin' as never),
    RangeError,
    'permission',
  ],
  [
    'unknown permission (revoke)',
    (c) => c.wps.revokePermission('c', '' as never),
    RangeError,
    'permission',
  ],
  [
    'unknown permission (check)',
    (c) => c.wps.hasPermission('c', 'send' as never),
    RangeError,
    'permission',
  ],
  [
    'groups not an array',
    (c) => c.wps.addConnectionsToGroups('g' as never, 'f'),
    TypeError,
    'groups',
  ],
  [
    'blank group in groups',
    (c) => c.wps.removeConnectionsFromGroups(['g', ' '], 'f'),
    RangeError,
    'groups[1]',
  ],
  [
    'filter not a string',
    (c) => c.wps.addConnectionsToGroups(['g'], undefined as never),
    TypeError,
    'filter',
  ],
  ['undefined message', (c) => c.wps.sendToAll(undefined as never), TypeError, 'message'],
  [
    'text with an object',
    (c) => c.wps.sendToAll({} as never, { contentType: 'text/plain' }),
    TypeError,
    'message',
  ],
  [
    'expirationTimeInMinutes 0',
    (c) => c.wps.getClientAccessToken({ expirationTimeInMinutes: 0 }),
    RangeError,
    'expirationTimeInMinutes',
  ],
  [
    'expirationTimeInMinutes -5',
    (c) => c.wps.getClientAccessToken({ expirationTimeInMinutes: -5 }),
    RangeError,
    'expirationTimeInMinutes',
  ],
  [
    'unknown clientProtocol',
    (c) => c.wps.getClientAccessToken({ clientProtocol: 'ws' as never }),
    RangeError,
    'clientProtocol',
  ],
  [
    'roles not an array',
    (c) => c.wps.getClientAccessToken({ roles: 'r' as never }),
    TypeError,
    'roles',
  ],
  [
    'maxPageSize 0',
    (c) => c.wps.group('g').listConnections({ maxPageSize: 0 }),
    RangeError,
    'maxPageSize',
  ],
  [
    'maxPageSize 201',
    (c) => c.wps.group('g').listConnections({ maxPageSize: 201 }),
    RangeError,
    'maxPageSize',
  ],
  ['top 0', (c) => c.wps.group('g').listConnections({ top: 0 }), RangeError, 'top'],
  [
    'continuationToken on another origin (it would receive the credential)',
    (c) =>
      c.wps
        .group('g')
        .listConnections({ continuationToken: 'http://collector.example/api/hubs/hub' }),
    RangeError,
    'options.continuationToken',
  ],
  [
    'byPage continuationToken on another scheme of the same host',
    (c) =>
      c.wps
        .group('g')
        .listConnections()
        .byPage({ continuationToken: `https://${new URL(c.wps.endpoint).host}/api/hubs/hub` }),
    RangeError,
    'settings.continuationToken',
  ],
  [
    'concurrency 0',
    (c) => c.wps.sendToUsers(['u'], 'x', { concurrency: 0 }),
    RangeError,
    'concurrency',
  ],
  [
    'empty id in fan-out',
    (c) => c.wps.sendToConnections(['c', ''], 'x'),
    RangeError,
    'connectionIds[1]',
  ],
];

export const signalR: BadInputCase[] = [
  ['empty target', (c) => c.signalr.sendToAll(''), RangeError, 'target'],
  ['whitespace target', (c) => c.signalr.sendToAll('  '), RangeError, 'target'],
  ['args not an array', (c) => c.signalr.sendToUser('u', 'm', 'x' as never), TypeError, 'args'],
  ['empty userId', (c) => c.signalr.sendToUser('', 'm'), RangeError, 'userId'],
  ['whitespace userId', (c) => c.signalr.userExists(' '), RangeError, 'userId'],
  ['whitespace connectionId', (c) => c.signalr.closeConnection('\t'), RangeError, 'connectionId'],
  ['group of 1025 characters', (c) => c.signalr.sendToGroup(long(1025), 'm'), RangeError, 'group'],
  ['empty group', (c) => c.signalr.addConnectionToGroup('c', ''), RangeError, 'group'],
  [
    'ttl -1',
    (c) => c.signalr.addUserToGroup('u', 'g', { ttlSeconds: -1 }),
    RangeError,
    'ttlSeconds',
  ],
  [
    'ttl 0.5',
    (c) => c.signalr.addUserToGroup('u', 'g', { ttlSeconds: 0.5 }),
    TypeError,
    'ttlSeconds',
  ],
  [
    'ttl as a string',
    (c) => c.signalr.addUserToGroup('u', 'g', { ttlSeconds: '60' as never }),
    TypeError,
    'ttlSeconds',
  ],
  [
    'empty excluded id',
    (c) => c.signalr.sendToGroup('g', 'm', [], { excluded: [''] }),
    RangeError,
    'excluded[0]',
  ],
  [
    'claims not an object',
    (c) => c.signalr.negotiate({ claims: 'x' as never }),
    TypeError,
    'claims',
  ],
  [
    'expiresInMinutes 0',
    (c) => c.signalr.negotiate({ expiresInMinutes: 0 }),
    RangeError,
    'expiresInMinutes',
  ],
  ['empty id in fan-out', (c) => c.signalr.sendToUsers(['u', ''], 'm'), RangeError, 'userIds[1]'],
];
