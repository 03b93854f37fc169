// In-memory state of Web PubSub hubs: connections, users and groups, with indexes both ways so sends
// and existence checks never scan every connection.
import { addTo, removeFrom } from '../shared/multimap.js';
import type { WpsConnection } from './connection.js';

export class WpsHub {
  readonly connections = new Map<string, WpsConnection>();
  readonly #users = new Map<string, Set<WpsConnection>>();
  readonly #groups = new Map<string, Set<WpsConnection>>();

  add(conn: WpsConnection): void {
    this.connections.set(conn.id, conn);
    if (conn.userId !== undefined) addTo(this.#users, conn.userId, conn);
  }

  remove(conn: WpsConnection): void {
    if (this.connections.get(conn.id) !== conn) return;
    this.connections.delete(conn.id);
    if (conn.userId !== undefined) removeFrom(this.#users, conn.userId, conn);
    this.leaveAllGroups(conn);
  }

  join(conn: WpsConnection, group: string): void {
    conn.groups.add(group);
    addTo(this.#groups, group, conn);
  }

  leave(conn: WpsConnection, group: string): void {
    conn.groups.delete(group);
    removeFrom(this.#groups, group, conn);
  }

  leaveAllGroups(conn: WpsConnection): void {
    for (const group of [...conn.groups]) this.leave(conn, group);
  }

  groupMembers(group: string): ReadonlySet<WpsConnection> {
    return this.#groups.get(group) ?? empty;
  }

  userConnections(userId: string): ReadonlySet<WpsConnection> {
    return this.#users.get(userId) ?? empty;
  }
}

const empty: ReadonlySet<WpsConnection> = new Set();
