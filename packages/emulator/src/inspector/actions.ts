// Actions from the inspector (send to a connection, user, group or hub; add or remove group members;
// close a connection). Each is turned into the REST request a server SDK would make and run through
// that service's own REST pipeline (routing, validation, handler) minus authentication, so it does
// exactly what the REST API does, no copy of it.
import { HttpError } from '../http/respond.js';
import type { RestDispatcher } from '../http/rest-dispatcher.js';
import type { RouteSpec } from '../http/route-spec.js';
import { signalRRouteTable, webPubSubRouteTable } from '../http/route-table.js';
import { defined } from '../shared/defined.js';
import type { Probe } from './probe.js';
import type { ServiceName } from './types.js';

/** An action as the page (or a tool) posts it to `…/api/actions`. */
export interface ActionRequest {
  readonly service: ServiceName;
  readonly hub: string;
  readonly action: 'send' | 'addToGroup' | 'removeFromGroup' | 'close';
  /** For `send`: the audience. */
  readonly to?: 'hub' | 'connection' | 'user' | 'group';
  readonly connectionId?: string;
  readonly userId?: string;
  readonly group?: string;
  /** Web PubSub `send`: the message, sent as `contentType` (text/plain or application/json). */
  readonly data?: string;
  readonly contentType?: string;
  /** SignalR `send`: the client method and its arguments. */
  readonly target?: string;
  readonly arguments?: readonly unknown[];
  /** `close`: the reason the client gets. */
  readonly reason?: string;
}

export interface ActionTarget {
  readonly rest: RestDispatcher;
  /** The service's own origin (`http://127.0.0.1:8080`), which REST URLs are built on. */
  readonly origin: string;
}

export interface ActionOutcome {
  /** The status the REST operation answered. */
  readonly status: number;
  readonly error?: { readonly code: string; readonly message: string };
}

interface Operation {
  readonly operationId: string;
  readonly path: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: { readonly contentType: string; readonly text: string };
}

export async function runAction(
  input: unknown,
  services: Readonly<Record<ServiceName, ActionTarget>>,
  probe: Probe,
): Promise<ActionOutcome> {
  const action = checked(input);
  const operation =
    action.service === 'webpubsub' ? webPubSubOperation(action) : signalROperation(action);
  const routes = action.service === 'webpubsub' ? webPubSubRouteTable : signalRRouteTable;
  const route = routes.find((r) => r.operationId === operation.operationId) as RouteSpec;
  const { origin, rest } = services[action.service];
  const url = requestUrl(origin, route, operation);
  let outcome: ActionOutcome;
  try {
    const headers = operation.body ? { 'content-type': operation.body.contentType } : {};
    const bytes = Buffer.from(operation.body?.text ?? '');
    await rest.perform({ method: route.method, url, headers, readBody: async () => bytes });
    outcome = { status: route.successStatuses[0] ?? 200 };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    outcome = { status: error.status, error: { code: error.code, message: error.message } };
  }
  const { hub, connectionId, userId, group } = action;
  probe.record({
    kind: 'action',
    service: action.service,
    hub,
    ...defined({ connectionId, userId, group, error: outcome.error?.message }),
    operation: route.operationId,
    method: route.method,
    path: url.pathname,
    status: outcome.status,
  });
  return outcome;
}

/** The REST URL: the route's template filled in, with required query defaults (`api-version`). */
function requestUrl(origin: string, route: RouteSpec, operation: Operation): URL {
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(operation.path[name] ?? ''),
  );
  const url = new URL(path, origin);
  for (const p of route.parameters) {
    if (p.in === 'query' && p.required && typeof p.schema.default === 'string') {
      url.searchParams.set(p.name, p.schema.default);
    }
  }
  for (const [name, value] of Object.entries(operation.query ?? {})) {
    url.searchParams.set(name, value);
  }
  return url;
}

const WEB_PUBSUB_SEND = {
  hub: 'WebPubSub_SendToAll',
  connection: 'WebPubSub_SendToConnection',
  user: 'WebPubSub_SendToUser',
  group: 'WebPubSub_SendToGroup',
} as const;

const SIGNALR_SEND = {
  hub: 'SignalR_Broadcast',
  connection: 'SignalR_SendToConnection',
  user: 'SignalR_SendToUser',
  group: 'SignalR_SendToGroup',
} as const;

function webPubSubOperation(a: ActionRequest): Operation {
  const { hub } = a;
  if (a.action === 'send') {
    const to = audience(a);
    const path = { hub, ...targetOf(a, to, 'userId') };
    const contentType = a.contentType === 'application/json' ? 'application/json' : 'text/plain';
    const body = { contentType, text: required(a, 'data') };
    return { operationId: WEB_PUBSUB_SEND[to], path, body };
  }
  if (a.action === 'close') {
    const path = { hub, connectionId: required(a, 'connectionId') };
    return { operationId: 'WebPubSub_CloseConnection', path, ...reasonOf(a) };
  }
  const join = a.action === 'addToGroup';
  const group = required(a, 'group');
  if (a.userId !== undefined) {
    const operationId = join ? 'WebPubSub_AddUserToGroup' : 'WebPubSub_RemoveUserFromGroup';
    return { operationId, path: { hub, group, userId: a.userId } };
  }
  const operationId = join
    ? 'WebPubSub_AddConnectionToGroup'
    : 'WebPubSub_RemoveConnectionFromGroup';
  return { operationId, path: { hub, group, connectionId: required(a, 'connectionId') } };
}

function signalROperation(a: ActionRequest): Operation {
  const { hub } = a;
  if (a.action === 'send') {
    const to = audience(a);
    const path = { hub, ...targetOf(a, to, 'user') };
    const args = a.arguments ?? [];
    if (!Array.isArray(args)) throw invalid('arguments', "'arguments' must be an array.");
    const text = JSON.stringify({ Target: required(a, 'target'), Arguments: args });
    return { operationId: SIGNALR_SEND[to], path, body: { contentType: 'application/json', text } };
  }
  if (a.action === 'close') {
    const path = { hub, connectionId: required(a, 'connectionId') };
    return { operationId: 'SignalR_CloseConnection', path, ...reasonOf(a) };
  }
  const join = a.action === 'addToGroup';
  const group = required(a, 'group');
  if (a.userId !== undefined) {
    const operationId = join ? 'SignalR_AddUserToGroup' : 'SignalR_RemoveUserFromGroup';
    return { operationId, path: { hub, group, user: a.userId } };
  }
  const operationId = join ? 'SignalR_AddConnectionToGroup' : 'SignalR_RemoveConnectionFromGroup';
  return { operationId, path: { hub, group, connectionId: required(a, 'connectionId') } };
}

function audience(a: ActionRequest): NonNullable<ActionRequest['to']> {
  const to = a.to ?? 'hub';
  if (!['hub', 'connection', 'user', 'group'].includes(to)) {
    throw invalid('to', "'to' must be hub, connection, user or group.");
  }
  return to;
}

/** The path parameter naming the audience (the user parameter is `userId` or `user`). */
function targetOf(a: ActionRequest, to: string, userParam: string): Record<string, string> {
  if (to === 'connection') return { connectionId: required(a, 'connectionId') };
  if (to === 'user') return { [userParam]: required(a, 'userId') };
  if (to === 'group') return { group: required(a, 'group') };
  return {};
}

function reasonOf(a: ActionRequest): { query?: Record<string, string> } {
  return a.reason ? { query: { reason: a.reason } } : {};
}

const ACTIONS = ['send', 'addToGroup', 'removeFromGroup', 'close'];
const STRING_FIELDS = [
  'hub',
  'to',
  'connectionId',
  'userId',
  'group',
  'data',
  'contentType',
  'target',
  'reason',
] as const;

function checked(input: unknown): ActionRequest {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid('body', 'The body must be a JSON object.');
  }
  const a = input as Record<string, unknown>;
  if (a.service !== 'webpubsub' && a.service !== 'signalr') {
    throw invalid('service', "'service' must be webpubsub or signalr.");
  }
  if (!ACTIONS.includes(a.action as string)) {
    throw invalid('action', `'action' must be one of ${ACTIONS.join(', ')}.`);
  }
  for (const field of STRING_FIELDS) {
    if (a[field] !== undefined && typeof a[field] !== 'string') {
      throw invalid(field, `'${field}' must be a string.`);
    }
  }
  required(a as unknown as ActionRequest, 'hub');
  return a as unknown as ActionRequest;
}

function required(a: ActionRequest, field: (typeof STRING_FIELDS)[number]): string {
  const value = a[field];
  if (typeof value !== 'string' || (value === '' && field !== 'data')) {
    throw invalid(field, `'${field}' is required for this action.`);
  }
  return value;
}

function invalid(target: string, message: string): HttpError {
  return new HttpError(400, 'InvalidAction', message, target);
}
