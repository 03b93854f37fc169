// Connections of one hub indexed by id, by user and by group (both services keep the same indexes),
// so sends and existence checks never scan every connection.
import { addTo, removeFrom } from './multimap.js';

export interface IndexedConnection {
  readonly id: string;
  readonly userId: string | undefined;
  /** Groups the connection was added to directly. */
  readonly groups: Set<string>;
}

export class HubIndex<C extends IndexedConnection> {
  readonly connections = new Map<string, C>();
  readonly #users = new Map<string, Set<C>>();
  readonly #groups = new Map<string, Set<C>>();

  add(conn: C): void {
    this.connections.set(conn.id, conn);
    if (conn.userId !== undefined) addTo(this.#users, conn.userId, conn);
  }

  remove(conn: C): void {
    if (this.connections.get(conn.id) !== conn) return;
    this.connections.delete(conn.id);
    if (conn.userId !== undefined) removeFrom(this.#users, conn.userId, conn);
    this.leaveAllGroups(conn);
  }

  join(conn: C, group: string): void {
    conn.groups.add(group);
    addTo(this.#groups, group, conn);
  }

  leave(conn: C, group: string): void {
    conn.groups.delete(group);
    removeFrom(this.#groups, group, conn);
  }

  leaveAllGroups(conn: C): void {
    for (const group of [...conn.groups]) this.leave(conn, group);
  }

  /** Connections added to the group directly. */
  directMembers(group: string): ReadonlySet<C> {
    return this.#groups.get(group) ?? (empty as ReadonlySet<C>);
  }

  userConnections(userId: string): ReadonlySet<C> {
    return this.#users.get(userId) ?? (empty as ReadonlySet<C>);
  }

  /** Names of the groups that have direct members. */
  groupNames(): IterableIterator<string> {
    return this.#groups.keys();
  }

  /** Users that have connections, with them. */
  users(): IterableIterator<[string, ReadonlySet<C>]> {
    return this.#users.entries();
  }
}

const empty: ReadonlySet<never> = new Set();

/** Hub names are case-insensitive in both services, so state is keyed by the lowercased name. */
export class HubRegistry<H> {
  readonly #hubs = new Map<string, H>();
  constructor(readonly create: () => H) {}

  /** The hub, created (and kept) when it does not exist yet. */
  get(name: string): H {
    const key = name.toLowerCase();
    let hub = this.#hubs.get(key);
    if (!hub) {
      hub = this.create();
      this.#hubs.set(key, hub);
    }
    return hub;
  }

  /** The hub if it exists; nothing is created. */
  find(name: string): H | undefined {
    return this.#hubs.get(name.toLowerCase());
  }

  /** Drops the hub's state when `isEmpty(hub)` says nothing is left in it. */
  release(name: string, isEmpty: (hub: H) => boolean): void {
    const key = name.toLowerCase();
    const hub = this.#hubs.get(key);
    if (hub && isEmpty(hub)) this.#hubs.delete(key);
  }

  get size(): number {
    return this.#hubs.size;
  }

  all(): IterableIterator<H> {
    return this.#hubs.values();
  }

  /** Each hub with its (lowercased) name. */
  entries(): IterableIterator<[string, H]> {
    return this.#hubs.entries();
  }
}
