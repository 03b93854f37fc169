// Every name @azure/web-pubsub 1.2.0 exports and every constructor and per-call option it accepts, used
// the way an app would. test/typed.test.ts compiles this file as it is and again with only the import
// changed to @hubcast/server: the drop-in holds for TypeScript, not only at run time.
// (Options that fetch cannot honour, such as proxyOptions, type-check everywhere; on hubcast they throw
// at construction with what to pass instead, see the README.)
import { Agent } from 'node:https';
import {
  AzureKeyCredential,
  type ClientTokenResponse,
  type GenerateClientTokenOptions,
  type GroupAddConnectionOptions,
  type GroupAddUserOptions,
  type GroupAdminClientOptions,
  type GroupCloseAllConnectionsOptions,
  type GroupHasUserOptions,
  type GroupListConnectionsOptions,
  type GroupRemoveConnectionOptions,
  type GroupRemoveUserOptions,
  type GroupSendTextToAllOptions,
  type GroupSendToAllOptions,
  type HasConnectionOptions,
  type HubCloseAllConnectionsOptions,
  type HubCloseConnectionOptions,
  type HubCloseUserConnectionsOptions,
  type HubGrantPermissionOptions,
  type HubHasGroupOptions,
  type HubHasPermissionOptions,
  type HubHasUserOptions,
  type HubRemoveUserFromAllGroupsOptions,
  type HubRevokePermissionOptions,
  type HubSendTextToAllOptions,
  type HubSendTextToConnectionOptions,
  type HubSendTextToUserOptions,
  type HubSendToAllOptions,
  type HubSendToConnectionOptions,
  type HubSendToUserOptions,
  type JSONTypes,
  odata,
  type Permission,
  type WebPubSubClientProtocol,
  type WebPubSubGroup,
  type WebPubSubGroupMember,
  WebPubSubServiceClient,
  type WebPubSubServiceClientLogOptions,
  type WebPubSubServiceClientOptions,
} from '@azure/web-pubsub';

/** Every per-call option of @azure/core-client, as an app passes them. */
function callOptions(signal: AbortSignal) {
  return {
    abortSignal: signal,
    requestOptions: {
      customHeaders: { 'x-app-trace': 'checkout-42' },
      timeout: 10_000,
      allowInsecureConnection: false,
      onUploadProgress: (progress: { loadedBytes: number }) => progress.loadedBytes,
      onDownloadProgress: (progress: { loadedBytes: number }) => progress.loadedBytes,
      shouldDeserialize: true,
    },
    tracingOptions: {
      tracingContext: {
        getValue: (_key: symbol) => undefined,
        setValue(_key: symbol, _value: unknown) {
          return this;
        },
        deleteValue(_key: symbol) {
          return this;
        },
      },
    },
    serializerOptions: { xml: { rootName: 'root', includeRoot: false, xmlCharKey: '_' } },
    onResponse: (
      raw: { status: number; bodyAsText?: string | null },
      flat: unknown,
      error?: unknown,
    ) => console.log(raw.status, raw.bodyAsText, flat, error),
  };
}

/** Every constructor option. */
export function clientOptions(): WebPubSubServiceClientOptions {
  const loggingOptions: WebPubSubServiceClientLogOptions = {
    additionalAllowedHeaderNames: ['x-app-trace'],
    additionalAllowedQueryParameters: ['filter'],
  };
  return {
    reverseProxyEndpoint: 'https://apim.example.com',
    loggingOptions,
    allowInsecureConnection: false,
    retryOptions: { maxRetries: 2, retryDelayInMs: 500, maxRetryDelayInMs: 8_000 },
    userAgentOptions: { userAgentPrefix: 'checkout/1.4' },
    telemetryOptions: { clientRequestIdHeaderName: 'x-ms-client-request-id' },
    redirectOptions: { maxRetries: 0 },
    additionalPolicies: [
      {
        position: 'perRetry',
        policy: {
          name: 'tag-attempts',
          sendRequest: async (request, next) => {
            request.headers.set('x-app-attempt', 'tagged');
            const response = await next(request);
            console.log(request.method, request.url, response.status);
            return response;
          },
        },
      },
    ],
    proxyOptions: { host: 'proxy.example.com', port: 8080, username: 'u', password: 'p' },
    agent: new Agent({ keepAlive: true }),
    tlsOptions: { ca: 'PEM', cert: 'PEM', key: 'PEM', passphrase: 'secret' },
    httpClient: {
      sendRequest: async () => {
        throw new Error('not used');
      },
    },
  };
}

/** The group options type of the official SDK (it declares it; no method takes it). */
export const groupClientOptions: GroupAdminClientOptions = { retryOptions: { maxRetries: 1 } };

/** Uses every method with its options type. */
export async function everything(connectionString: string, endpoint: string, key: string) {
  const signal = new AbortController().signal;
  const call = callOptions(signal);
  const byString = new WebPubSubServiceClient(connectionString, 'hub', {
    allowInsecureConnection: true,
  });
  const credential = new AzureKeyCredential(key);
  credential.update(key);
  const service = new WebPubSubServiceClient(endpoint, credential, 'hub', clientOptions());
  console.log(byString.hubName, service.apiVersion, service.endpoint);

  const json: JSONTypes = { user: 'alice', text: 'hi' };
  const toAll: HubSendToAllOptions = {
    ...call,
    excludedConnections: ['c0'],
    filter: odata`userId ne ${'bob'}`,
    messageTtlSeconds: 30,
  };
  const textToAll: HubSendTextToAllOptions = { contentType: 'text/plain', messageTtlSeconds: 0 };
  await service.sendToAll(json, toAll);
  await service.sendToAll('plain text', textToAll);
  await service.sendToAll(new Uint8Array([1, 2, 3]));
  const toUser: HubSendToUserOptions = {
    ...call,
    filter: "'room' in groups",
    messageTtlSeconds: 5,
  };
  const textToUser: HubSendTextToUserOptions = { contentType: 'text/plain' };
  await service.sendToUser('alice', json, toUser);
  await service.sendToUser('alice', 'hello', textToUser);
  const toConnection: HubSendToConnectionOptions = { ...call, messageTtlSeconds: 10 };
  const textToConnection: HubSendTextToConnectionOptions = { contentType: 'text/plain' };
  await service.sendToConnection('c1', json, toConnection);
  await service.sendToConnection('c1', 'hello', textToConnection);

  const hasConnection: HasConnectionOptions = call;
  const hasGroup: HubHasGroupOptions = call;
  const hasUser: HubHasUserOptions = call;
  console.log(
    await service.connectionExists('c1', hasConnection),
    await service.groupExists('room', hasGroup),
    await service.userExists('alice', hasUser),
  );
  const closeOne: HubCloseConnectionOptions = { ...call, reason: 'bye' };
  const closeAll: HubCloseAllConnectionsOptions = { reason: 'maintenance' };
  const closeUser: HubCloseUserConnectionsOptions = { reason: 'signed out' };
  await service.closeConnection('c1', closeOne);
  await service.closeAllConnections(closeAll);
  await service.closeUserConnections('alice', closeUser);
  const removeAll: HubRemoveUserFromAllGroupsOptions = call;
  await service.removeUserFromAllGroups('alice', removeAll);
  await service.removeConnectionFromAllGroups('c1', closeOne);
  const addConnection: GroupAddConnectionOptions = call;
  const removeConnection: GroupRemoveConnectionOptions = call;
  await service.addConnectionsToGroups(['room'], "userId eq 'alice'", addConnection);
  await service.removeConnectionsFromGroups(['room'], "userId eq 'alice'", removeConnection);

  const permission: Permission = 'sendToGroup';
  const grant: HubGrantPermissionOptions = { ...call, targetName: 'room' };
  const revoke: HubRevokePermissionOptions = { targetName: 'room' };
  const check: HubHasPermissionOptions = { targetName: 'room' };
  await service.grantPermission('c1', permission, grant);
  await service.revokePermission('c1', 'joinLeaveGroup', revoke);
  console.log(await service.hasPermission('c1', permission, check));

  const protocol: WebPubSubClientProtocol = 'mqtt';
  const tokenOptions: GenerateClientTokenOptions = {
    ...call,
    userId: 'alice',
    roles: ['webpubsub.joinLeaveGroup.room'],
    groups: ['room'],
    expirationTimeInMinutes: 30,
    clientProtocol: protocol,
  };
  const token: ClientTokenResponse = await service.getClientAccessToken(tokenOptions);
  console.log(token.token, token.baseUrl, token.url);

  const group: WebPubSubGroup = service.group('room');
  console.log(group.groupName, group.hubName, group.apiVersion, group.endpoint);
  const addUser: GroupAddUserOptions = call;
  const removeUser: GroupRemoveUserOptions = call;
  await group.addConnection('c1', addConnection);
  await group.removeConnection('c1', removeConnection);
  await group.addUser('alice', addUser);
  await group.removeUser('alice', removeUser);
  const groupSend: GroupSendToAllOptions = {
    ...call,
    excludedConnections: ['c2'],
    filter: "userId ne 'bob'",
  };
  const groupText: GroupSendTextToAllOptions = { contentType: 'text/plain' };
  await group.sendToAll(json, groupSend);
  await group.sendToAll('hi, room', groupText);
  const closeGroup: GroupCloseAllConnectionsOptions = { ...call, reason: 'room closed' };
  await group.closeAllConnections(closeGroup);
  const list: GroupListConnectionsOptions = { ...call, maxPageSize: 50, top: 100 };
  for await (const member of await group.listConnections(list)) {
    const m: WebPubSubGroupMember = member;
    console.log(m.connectionId, m.userId);
  }
  for await (const page of (await group.listConnections()).byPage({
    continuationToken: undefined,
  })) {
    console.log(page.length);
  }
  const hasUserInGroup: GroupHasUserOptions = call;
  return hasUserInGroup;
}
