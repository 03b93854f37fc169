// The operations only the current API has (specs/signalr.yaml): closing the connections of the hub,
// a user or a group, removing a connection from all groups, listing a group's connections, client
// results, stream items, transactional commands and service-issued client tokens. Each function checks
// the caller's input, then makes one REST call (or one paged listing).
import {
  type ClientInvocationResponse,
  type GroupMember,
  signalRCloseConnections,
  signalRCloseGroupConnections,
  signalRCloseUserConnections,
  signalRCompleteConnectionStream,
  signalRExecute,
  signalRGenerateClientToken,
  signalRInvokeClientConnection,
  signalRListConnectionsInGroup,
  signalRRemoveConnectionFromAllGroups,
  signalRSendToConnectionStream,
} from '@hubcast/signalr-rest/2024-12-01';
import { RestError } from '../errors.js';
import type { OperationOptions } from '../operation-options.js';
import { checkListOptions, type LinkPolicy, pagedList } from '../paging.js';
import { callOptions, directBody, expectSuccess } from '../transport.js';
import { optionalString, requireGroup, requireId } from '../validation.js';
import { checkCloseUser, checkStream, closeQuery, payloadOf, streamItemOf } from './checks.js';
import type {
  ExecuteOptions,
  SendStreamCompletionOptions,
  SendStreamItemOptions,
  SignalRCloseConnectionsOptions,
  SignalRGroupMembers,
  SignalRListConnectionsOptions,
} from './client-options.js';
import { commandsBody } from './commands.js';
import { CURRENT_API_VERSION, type CurrentHub, currentPayload, hubCall } from './current-calls.js';

type CloseScope = { all: true } | { userId: string } | { group: string };

async function closeConnections(
  ctx: CurrentHub,
  scope: CloseScope,
  options: SignalRCloseConnectionsOptions,
): Promise<void> {
  const query = closeQuery(options);
  const result =
    'userId' in scope
      ? await signalRCloseUserConnections(hubCall(ctx, { user: scope.userId }, options, query))
      : 'group' in scope
        ? await signalRCloseGroupConnections(hubCall(ctx, { group: scope.group }, options, query))
        : await signalRCloseConnections(hubCall(ctx, {}, options, query));
  expectSuccess(result);
}

export function closeAllConnections(ctx: CurrentHub, options: SignalRCloseConnectionsOptions) {
  return closeConnections(ctx, { all: true }, options);
}

export async function closeUserConnections(
  ctx: CurrentHub,
  userId: string,
  options: SignalRCloseConnectionsOptions,
): Promise<void> {
  await closeConnections(ctx, { userId: checkCloseUser(userId) }, options);
}

export async function closeGroupConnections(
  ctx: CurrentHub,
  group: string,
  options: SignalRCloseConnectionsOptions,
): Promise<void> {
  await closeConnections(ctx, { group: requireGroup(group, 'group') }, options);
}

export async function removeConnectionFromAllGroups(
  ctx: CurrentHub,
  connectionId: string,
  options: OperationOptions,
): Promise<void> {
  requireId(connectionId, 'connectionId');
  const request = hubCall(ctx, { connectionId }, options);
  expectSuccess(await signalRRemoveConnectionFromAllGroups(request));
}

/**
 * The members of a group, page by page. `nextLink`s (and the caller's continuation token) are followed
 * only on the endpoint's origin (or the proxy's), so the credential never goes to another host.
 */
export function listConnectionsInGroup(
  ctx: CurrentHub,
  links: LinkPolicy,
  group: string,
  options: SignalRListConnectionsOptions,
): SignalRGroupMembers {
  requireGroup(group, 'group');
  const { maxpagesize, top, start } = checkListOptions(options, links);
  const first = () =>
    signalRListConnectionsInGroup({
      ...hubCall(ctx, { group }, options, { maxpagesize, top }),
      parseAs: 'json',
    });
  return pagedList<GroupMember>({ first, client: ctx.client, links, options }, start, top);
}

/** Invokes a client method and returns what the client's handler returned. */
export async function invoke(
  ctx: CurrentHub,
  connectionId: string,
  target: string,
  args: unknown[] | undefined,
  options: OperationOptions,
): Promise<unknown> {
  requireId(connectionId, 'connectionId');
  const body = payloadOf(currentPayload, target, args);
  const result = await signalRInvokeClientConnection({
    ...hubCall(ctx, { connectionId }, options),
    ...directBody(body, 'application/json'),
    parseAs: 'json',
  });
  expectSuccess(result);
  const data = result.data as Partial<ClientInvocationResponse> | undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RestError('The service answered :invoke without a ClientInvocationResponse', {
      code: RestError.PARSE_ERROR,
    });
  }
  return data.result;
}

export async function sendStreamItem(
  ctx: CurrentHub,
  connectionId: string,
  streamId: string,
  item: unknown,
  options: SendStreamItemOptions,
): Promise<void> {
  const { id, stream, completed } = checkStream(connectionId, streamId, options);
  const request = hubCall(ctx, { connectionId: id, streamId: stream }, options, {
    completed,
  });
  expectSuccess(
    await signalRSendToConnectionStream({
      ...request,
      ...directBody(streamItemOf(item), 'application/json'),
    }),
  );
}

export async function sendStreamCompletion(
  ctx: CurrentHub,
  connectionId: string,
  streamId: string,
  options: SendStreamCompletionOptions,
): Promise<void> {
  const { id, stream } = checkStream(connectionId, streamId, {});
  const reason = optionalString(options.error, 'options.error');
  const request = hubCall(ctx, { connectionId: id, streamId: stream }, options, {
    reason,
  });
  expectSuccess(await signalRCompleteConnectionStream(request));
}

/** `:execute` takes no `application` parameter: an application's hub is addressed by its prefixed name. */
export async function execute(
  ctx: CurrentHub,
  commands: unknown,
  options: ExecuteOptions,
): Promise<void> {
  const body = commandsBody(commands);
  const filter = optionalString(options.filter, 'options.filter');
  expectSuccess(
    await signalRExecute({
      client: ctx.client,
      path: { hub: ctx.prefixedHub },
      query: { filter, 'api-version': CURRENT_API_VERSION },
      ...directBody(body, 'application/json'),
      ...callOptions(options),
    }),
  );
}

/** A client token minted by the service (`:generateToken`), for callers without an access key. */
export async function generateToken(
  ctx: CurrentHub,
  userId: string | undefined,
  minutesToExpire: number | undefined,
  options?: OperationOptions,
): Promise<string> {
  const result = await signalRGenerateClientToken({
    client: ctx.client,
    // Like :execute, :generateToken takes no `application` parameter.
    path: { hub: ctx.prefixedHub },
    query: { userId, minutesToExpire, 'api-version': CURRENT_API_VERSION },
    parseAs: 'json',
    ...callOptions(options),
  });
  expectSuccess(result);
  const token = (result.data as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') {
    throw new RestError('The service answered :generateToken without a token', {
      code: RestError.PARSE_ERROR,
    });
  }
  return token;
}
