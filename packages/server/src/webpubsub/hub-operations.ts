// Checks and raw calls shared by WebPubSubServiceClient's connection, group and permission methods.
import type {
  webPubSubAddConnectionsToGroups,
  webPubSubRemoveConnectionsFromGroups,
} from '@hubcast/webpubsub-rest';
import type { OperationOptions } from '../operation-options.js';
import { expectSuccess } from '../transport.js';
import {
  optionalString,
  optionalStringArray,
  requireArray,
  requireGroup,
  requireId,
  requirePermission,
  requireString,
} from '../validation.js';
import type {
  HubCloseAllConnectionsOptions,
  HubGrantPermissionOptions,
  Permission,
} from './client-options.js';
import type { HubContext } from './context.js';
import { hubRequest } from './hub-request.js';

/** The checked query of a close of many connections. */
export function closeQuery(options: HubCloseAllConnectionsOptions) {
  return {
    excluded: optionalStringArray(options.excluded, 'options.excluded', requireId),
    reason: optionalString(options.reason, 'options.reason'),
  };
}

/** Adds the connections matching `filter` to `groups`, or removes them, as `call` does. */
export async function changeGroupsByFilter(
  hub: HubContext,
  call: typeof webPubSubAddConnectionsToGroups | typeof webPubSubRemoveConnectionsFromGroups,
  groups: string[],
  filter: string,
  options: OperationOptions,
): Promise<void> {
  if (requireArray(groups, 'groups', requireGroup).length === 0) {
    throw new RangeError('groups must name at least one group');
  }
  requireString(filter, 'filter');
  expectSuccess(await call({ ...hubRequest(hub, {}, {}, options), body: { groups, filter } }));
}

/** The checked request of a grant, revoke or check of a connection's permission. */
export function permissionRequest(
  hub: HubContext,
  connectionId: string,
  permission: Permission,
  options: HubGrantPermissionOptions,
) {
  requireId(connectionId, 'connectionId');
  requirePermission(permission);
  const targetName = optionalString(options.targetName, 'options.targetName');
  return hubRequest(hub, { permission, connectionId }, { targetName }, options);
}
