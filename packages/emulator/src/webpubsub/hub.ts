// In-memory state of a Web PubSub hub. Group membership is per connection: adding a user to a group
// adds the user's current connections. A connection joins at most MAX_GROUPS_PER_CONNECTION groups.
import { HubIndex } from '../shared/hub-index.js';
import type { WpsConnection } from './connection.js';

/**
 * The emulator's bound on groups per connection. The service does not document one; this keeps a
 * hub's memberships (and a careless `:addToGroups`) bounded.
 */
export const MAX_GROUPS_PER_CONNECTION = 1000;

export class WpsHub extends HubIndex<WpsConnection> {
  groupMembers(group: string): ReadonlySet<WpsConnection> {
    return this.directMembers(group);
  }

  /** Joins unless the connection is already in MAX_GROUPS_PER_CONNECTION other groups. */
  tryJoin(conn: WpsConnection, group: string): boolean {
    if (!conn.groups.has(group) && conn.groups.size >= MAX_GROUPS_PER_CONNECTION) return false;
    this.join(conn, group);
    return true;
  }

  /** No connection (and so no membership) is left: the registry may drop the hub. */
  get isEmpty(): boolean {
    return this.connections.size === 0;
  }
}

export function groupLimitMessage(connectionId: string): string {
  return `The connection '${connectionId}' is already in ${MAX_GROUPS_PER_CONNECTION} groups, the most one connection may join.`;
}
