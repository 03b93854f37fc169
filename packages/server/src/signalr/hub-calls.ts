// The raw calls behind SignalRServiceClient's methods: sends of an already serialized payload (so
// fan-out sends serialize once) and the checked requests of group memberships.
import {
  type Client,
  type PayloadMessage,
  signalRBroadcast,
  signalRSendToConnection,
  signalRSendToGroup,
  signalRSendToUser,
} from '@hubcast/signalr-rest';
import { directBody, expectSuccess } from '../transport.js';
import { optionalStringArray, requireGroup, requireId } from '../validation.js';
import type { OperationOptions } from '../webpubsub/context.js';
import type { SignalRSendOptions } from './client-options.js';

/** What a call needs: the raw client and the hub, prefixed and lowercased as the service uses it. */
export interface SignalRHub {
  readonly client: Client;
  readonly hub: string;
}

/** The PayloadMessage JSON, serialized once so fan-out sends reuse it. */
export function payload(target: string, args: unknown[] | undefined): string {
  requireId(target, 'target');
  if (args !== undefined && !Array.isArray(args)) throw new TypeError('args must be an array');
  const message: PayloadMessage = { Target: target, Arguments: args ?? [] };
  return JSON.stringify(message);
}

export function excludedOf(options: SignalRSendOptions): string[] | undefined {
  return optionalStringArray(options.excluded, 'options.excluded', requireId);
}

function jsonBody(body: string) {
  // Already the serialized PayloadMessage: it goes to fetch as is, never through hey-api's serializer.
  return directBody(body, 'application/json');
}

export async function broadcast(
  hub: SignalRHub,
  body: string,
  excluded: string[] | undefined,
  signal?: AbortSignal,
): Promise<void> {
  expectSuccess(
    await signalRBroadcast({
      client: hub.client,
      path: { hub: hub.hub },
      query: { excluded },
      ...jsonBody(body),
      signal,
    }),
  );
}

export async function sendBodyToUser(
  hub: SignalRHub,
  user: string,
  body: string,
  signal?: AbortSignal,
): Promise<void> {
  expectSuccess(
    await signalRSendToUser({
      client: hub.client,
      path: { hub: hub.hub, user },
      ...jsonBody(body),
      signal,
    }),
  );
}

export async function sendBodyToConnection(
  hub: SignalRHub,
  connectionId: string,
  body: string,
  signal?: AbortSignal,
): Promise<void> {
  expectSuccess(
    await signalRSendToConnection({
      client: hub.client,
      path: { hub: hub.hub, connectionId },
      ...jsonBody(body),
      signal,
    }),
  );
}

export async function sendBodyToGroup(
  hub: SignalRHub,
  group: string,
  body: string,
  excluded?: string[],
  signal?: AbortSignal,
): Promise<void> {
  expectSuccess(
    await signalRSendToGroup({
      client: hub.client,
      path: { hub: hub.hub, group },
      query: { excluded },
      ...jsonBody(body),
      signal,
    }),
  );
}

/** The checked request of adding a connection to a group or removing it. */
export function connectionInGroup(
  hub: SignalRHub,
  connectionId: string,
  group: string,
  options: OperationOptions,
) {
  requireId(connectionId, 'connectionId');
  requireGroup(group, 'group', false);
  return {
    client: hub.client,
    path: { hub: hub.hub, group, connectionId },
    signal: options.abortSignal,
  };
}

/** The checked request of adding a user to a group, removing it, or checking its membership. */
export function userInGroup(
  hub: SignalRHub,
  userId: string,
  group: string,
  options: OperationOptions,
) {
  requireId(userId, 'userId');
  requireGroup(group, 'group', false);
  return {
    client: hub.client,
    path: { hub: hub.hub, group, user: userId },
    signal: options.abortSignal,
  };
}
