// The router and validator are driven by the generated route table: every operation has a handler,
// every path template routes to its operation, and each schema constraint in the table is enforced.
import { describe, expect, it } from 'vitest';
import type { TokenVerifier } from '../src/auth/token-verifier.js';
import type { RouteSpec } from '../src/http/route-spec.js';
import {
  signalRCurrentRouteTable,
  signalRRouteTable,
  webPubSubRouteTable,
} from '../src/http/route-table.js';
import { Router } from '../src/http/router.js';
import { ValidationError, validateParameters } from '../src/http/validate.js';
import { NO_PROBE as probe } from '../src/inspector/probe.js';
import { signalRHandlers } from '../src/signalr/rest-handlers.js';
import { signalRCurrentHandlers } from '../src/signalr/rest-handlers-current.js';
import { webPubSubHandlers } from '../src/webpubsub/rest-handlers.js';
import { samplePath } from './helpers/routes.js';

const unused = () => {
  throw new Error('not called');
};
const tables = [
  {
    name: 'Web PubSub',
    routes: webPubSubRouteTable,
    handlers: webPubSubHandlers({ hub: unused, signClientToken: unused, probe }),
  },
  {
    name: 'SignalR',
    routes: signalRRouteTable,
    handlers: signalRHandlers({ hub: unused, verifier: {} as TokenVerifier, probe }),
  },
  {
    name: 'SignalR (2024-12-01)',
    routes: signalRCurrentRouteTable,
    handlers: signalRCurrentHandlers({
      hub: unused,
      verifier: {} as TokenVerifier,
      probe,
      invocationTimeoutMs: 1000,
    }),
  },
];

describe.each(tables)('$name route table', ({ routes, handlers }) => {
  it('has a handler for every operationId and no handler without an operation', () => {
    expect(Object.keys(handlers).sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  it.each(routes.map((r) => [r.operationId, r] as const))(
    'routes %s with decoded path parameters',
    (_, route) => {
      const { path, values } = samplePath(route);
      const match = new Router(routes).match(route.method, path);
      expect(match).toEqual({ kind: 'found', route, pathParams: values });
    },
  );

  it('answers 405 for a known path with another method, and not-found for unknown paths', () => {
    const router = new Router(routes);
    const route = routes.find((r) => r.method === 'POST') as RouteSpec;
    expect(router.match('PATCH', samplePath(route).path).kind).toBe('method-not-allowed');
    expect(router.match('GET', '/api/nothing/here').kind).toBe('not-found');
  });
});

describe('parameter validation from the table', () => {
  const route = (id: string) =>
    [...webPubSubRouteTable, ...signalRRouteTable].find((r) => r.operationId === id) as RouteSpec;
  const check = (id: string, path: Record<string, string>, query = '') =>
    validateParameters(route(id), { path, query: new URLSearchParams(query), headers: {} });
  const failure = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ValidationError) return { target: error.target, message: error.message };
      throw error;
    }
    throw new Error('expected a ValidationError');
  };

  it('converts integers and arrays, and fills api-version from its default', () => {
    const values = check(
      'WebPubSub_SendToGroup',
      { hub: 'chat', group: 'g' },
      'messageTtlSeconds=30&excluded=a&excluded=b',
    );
    expect(values).toEqual({
      hub: 'chat',
      group: 'g',
      'api-version': '2024-12-01',
      excluded: ['a', 'b'],
      filter: undefined,
      messageTtlSeconds: 30,
    });
  });

  it.each([
    ['pattern', 'WebPubSub_SendToAll', { hub: '1chat' }, '', 'hub', /pattern/],
    ['minLength', 'WebPubSub_SendToUser', { hub: 'chat', userId: '' }, '', 'userId', /at least 1/],
    [
      'maxLength',
      'WebPubSub_SendToGroup',
      { hub: 'chat', group: 'g'.repeat(1025) },
      '',
      'group',
      /at most 1024/,
    ],
    ['not blank', 'WebPubSub_SendToGroup', { hub: 'chat', group: '   ' }, '', 'group', /pattern/],
    [
      'maximum',
      'WebPubSub_SendToAll',
      { hub: 'chat' },
      'messageTtlSeconds=301',
      'messageTtlSeconds',
      /at most 300/,
    ],
    [
      'minimum',
      'WebPubSub_GenerateClientToken',
      { hub: 'chat' },
      'minutesToExpire=0',
      'minutesToExpire',
      /at least 1/,
    ],
    [
      'integer type',
      'WebPubSub_SendToAll',
      { hub: 'chat' },
      'messageTtlSeconds=1.5',
      'messageTtlSeconds',
      /integer/,
    ],
    [
      'enum',
      'WebPubSub_GrantPermission',
      { hub: 'chat', permission: 'admin', connectionId: 'c' },
      '',
      'permission',
      /one of/,
    ],
    [
      'enum (query)',
      'WebPubSub_GenerateClientToken',
      { hub: 'chat' },
      'clientType=Other',
      'clientType',
      /one of/,
    ],
    [
      'single value',
      'WebPubSub_CloseConnection',
      { hub: 'chat', connectionId: 'c' },
      'reason=a&reason=b',
      'reason',
      /once/,
    ],
    [
      'SignalR ttl minimum',
      'SignalR_AddUserToGroup',
      { hub: 'chat', group: 'g', user: 'u' },
      'ttl=-1',
      'ttl',
      /at least 0/,
    ],
  ])('rejects a %s violation naming the parameter', (_, id, path, query, target, message) => {
    const problem = failure(() => check(id, path, query));
    expect(problem.target).toBe(target);
    expect(problem.message).toMatch(message);
    expect(problem.message).toContain(`'${target}'`);
  });

  it('accepts values right at the limits', () => {
    expect(
      check('WebPubSub_SendToAll', { hub: `h${'x'.repeat(127)}` }, 'messageTtlSeconds=300')
        .messageTtlSeconds,
    ).toBe(300);
    expect(
      check('WebPubSub_SendToGroup', { hub: 'a', group: 'é'.repeat(1024) }).group,
    ).toHaveLength(1024);
    expect(failure(() => check('WebPubSub_SendToAll', { hub: `h${'x'.repeat(128)}` })).target).toBe(
      'hub',
    );
  });
});

describe('required parameters', () => {
  const route: RouteSpec = {
    operationId: 'Synthetic',
    method: 'GET',
    path: '/x',
    parameters: [{ name: 'needed', in: 'query', required: true, schema: { type: 'string' } }],
    requestBody: null,
    successStatuses: [200],
  };

  it('rejects a missing required parameter without a default', () => {
    const run = () =>
      validateParameters(route, { path: {}, query: new URLSearchParams(), headers: {} });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow("The parameter 'needed' is required.");
  });
});
