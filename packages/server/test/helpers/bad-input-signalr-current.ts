// Bad-input cases of the SignalR operations only the current API (2024-12-01) has, and of the current
// API's stricter rules; see bad-input-cases.ts for the shape.
import type { BadInputCase } from './bad-input-cases.js';

const long = (n: number) => 'x'.repeat(n);

export const signalRCurrent: BadInputCase[] = [
  [
    'blank group (closeGroupConnections)',
    (c) => c.signalr.closeGroupConnections('  '),
    RangeError,
    'group',
  ],
  [
    'empty group (listConnectionsInGroup)',
    (c) => c.signalr.listConnectionsInGroup(''),
    RangeError,
    'group',
  ],
  [
    'maxPageSize 201',
    (c) => c.signalr.listConnectionsInGroup('g', { maxPageSize: 201 }),
    RangeError,
    'maxPageSize',
  ],
  ['top 0', (c) => c.signalr.listConnectionsInGroup('g', { top: 0 }), RangeError, 'top'],
  [
    'userId of 1025 characters (close)',
    (c) => c.signalr.closeUserConnections(long(1025)),
    RangeError,
    'userId',
  ],
  ['empty userId (close)', (c) => c.signalr.closeUserConnections(''), RangeError, 'userId'],
  [
    'empty excluded id (closeAllConnections)',
    (c) => c.signalr.closeAllConnections({ excluded: ['c', ''] }),
    RangeError,
    'excluded[1]',
  ],
  [
    'reason not a string',
    (c) => c.signalr.closeAllConnections({ reason: 5 as never }),
    TypeError,
    'reason',
  ],
  [
    'empty connectionId (removeConnectionFromAllGroups)',
    (c) => c.signalr.removeConnectionFromAllGroups(''),
    RangeError,
    'connectionId',
  ],
  ['empty connectionId (invoke)', (c) => c.signalr.invoke('', 'm'), RangeError, 'connectionId'],
  ['empty target (invoke)', (c) => c.signalr.invoke('c', ''), RangeError, 'target'],
  ['args not an array (invoke)', (c) => c.signalr.invoke('c', 'm', {} as never), TypeError, 'args'],
  [
    'streamId of 101 characters',
    (c) => c.signalr.sendStreamItem('c', long(101), 1),
    RangeError,
    'streamId',
  ],
  ['blank streamId', (c) => c.signalr.sendStreamCompletion('c', ' '), RangeError, 'streamId'],
  [
    'completed not a boolean',
    (c) => c.signalr.sendStreamItem('c', 's', 1, { completed: 'yes' as never }),
    TypeError,
    'completed',
  ],
  ['BigInt stream item', (c) => c.signalr.sendStreamItem('c', 's', 1n), TypeError, 'item'],
  [
    'error not a string',
    (c) => c.signalr.sendStreamCompletion('c', 's', { error: 1 as never }),
    TypeError,
    'error',
  ],
  ['commands not an array', (c) => c.signalr.execute({} as never), TypeError, 'commands'],
  ['no commands', (c) => c.signalr.execute([]), RangeError, 'commands'],
  [
    'unknown command type',
    (c) => c.signalr.execute([{ type: 'Kick' } as never]),
    RangeError,
    'commands[0].type',
  ],
  [
    'unknown command property',
    (c) => c.signalr.execute([{ type: 'JoinGroup', group: 'g', ttl: 5 } as never]),
    RangeError,
    'commands[0].ttl',
  ],
  [
    'JoinGroup group of 1025 characters',
    (c) =>
      c.signalr.execute([{ type: 'CloseConnection' }, { type: 'JoinGroup', group: long(1025) }]),
    RangeError,
    'commands[1].group',
  ],
  [
    'SendMessage without a target',
    (c) => c.signalr.execute([{ type: 'SendMessage', message: {} } as never]),
    TypeError,
    'commands[0].message.target',
  ],
  [
    'filter not a string',
    (c) => c.signalr.execute([{ type: 'CloseConnection' }], { filter: 1 as never }),
    TypeError,
    'filter',
  ],
  [
    'expiresInMinutes 0 (generateClientToken)',
    (c) => c.signalr.generateClientToken({ expiresInMinutes: 0 }),
    RangeError,
    'expiresInMinutes',
  ],
  [
    'userId not a string (generateClientToken)',
    (c) => c.signalr.generateClientToken({ userId: 1 as never }),
    TypeError,
    'userId',
  ],
  ['blank group on the current API', (c) => c.signalrCurrent.groupExists(' '), RangeError, 'group'],
];
