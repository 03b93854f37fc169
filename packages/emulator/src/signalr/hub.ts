// In-memory state of a SignalR hub. Connections join groups directly; users join groups with an
// optional ttl, and that membership also covers connections the user opens later.
import { HubIndex } from '../shared/hub-index.js';
import { addTo, removeFrom } from '../shared/multimap.js';
import type { SrConnection } from './connection.js';

/** Without a ttl a user-group membership lasts up to a year, and a user keeps at most 100 of them. */
const NO_TTL_MS = 365 * 24 * 3600 * 1000;
const MAX_NO_TTL_GROUPS = 100;

interface Membership {
  readonly expiresAt: number;
  readonly noTtl: boolean;
}

export class SrHub extends HubIndex<SrConnection> {
  readonly #userGroups = new Map<string, Map<string, Membership>>();
  readonly #groupUsers = new Map<string, Set<string>>();

  /** With ttl 0 only the user's connections open now join (the membership is not kept). */
  addUserToGroup(userId: string, group: string, ttlSeconds: number | undefined): void {
    if (ttlSeconds === 0) {
      for (const conn of this.userConnections(userId)) this.join(conn, group);
      return;
    }
    let memberships = this.#userGroups.get(userId);
    if (!memberships) {
      memberships = new Map();
      this.#userGroups.set(userId, memberships);
    }
    memberships.delete(group); // re-adding moves it to the newest position
    const noTtl = ttlSeconds === undefined;
    memberships.set(group, {
      expiresAt: Date.now() + (noTtl ? NO_TTL_MS : ttlSeconds * 1000),
      noTtl,
    });
    addTo(this.#groupUsers, group, userId);
    if (noTtl) this.#evictOldestNoTtl(userId, memberships);
  }

  removeUserFromGroup(userId: string, group: string): void {
    this.#forgetMembership(userId, group);
    for (const conn of this.userConnections(userId)) this.leave(conn, group);
  }

  removeUserFromAllGroups(userId: string): void {
    for (const group of [...(this.#userGroups.get(userId)?.keys() ?? [])]) {
      this.#forgetMembership(userId, group);
    }
    for (const conn of this.userConnections(userId)) this.leaveAllGroups(conn);
  }

  isUserInGroup(userId: string, group: string): boolean {
    if (this.#liveMembership(userId, group)) return true;
    for (const conn of this.userConnections(userId)) if (conn.groups.has(group)) return true;
    return false;
  }

  /** Direct members plus every connection of users whose membership is still live. */
  groupMembers(group: string): Set<SrConnection> {
    const members = new Set(this.directMembers(group));
    for (const userId of [...(this.#groupUsers.get(group) ?? [])]) {
      if (!this.#liveMembership(userId, group)) continue;
      for (const conn of this.userConnections(userId)) members.add(conn);
    }
    return members;
  }

  /** The group's members ordered by connection id, so a continuation token is a position in it. */
  sortedGroupMembers(group: string): SrConnection[] {
    return [...this.groupMembers(group)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The groups a connection is in: its own, and its user's live memberships (for OData filters). */
  effectiveGroups(conn: SrConnection): Set<string> {
    const groups = new Set(conn.groups);
    if (conn.userId === undefined) return groups;
    for (const group of [...(this.#userGroups.get(conn.userId)?.keys() ?? [])]) {
      if (this.#liveMembership(conn.userId, group)) groups.add(group);
    }
    return groups;
  }

  /** The live user-group memberships (users added to groups, with when each expires). */
  *userMemberships(): Generator<{ userId: string; group: string; expiresAt: number }> {
    for (const [userId, memberships] of [...this.#userGroups]) {
      for (const [group, { expiresAt }] of [...memberships]) {
        if (this.#liveMembership(userId, group)) yield { userId, group, expiresAt };
      }
    }
  }

  #liveMembership(userId: string, group: string): boolean {
    const membership = this.#userGroups.get(userId)?.get(group);
    if (!membership) return false;
    if (membership.expiresAt > Date.now()) return true;
    this.#forgetMembership(userId, group);
    return false;
  }

  #forgetMembership(userId: string, group: string): void {
    const memberships = this.#userGroups.get(userId);
    memberships?.delete(group);
    if (memberships?.size === 0) this.#userGroups.delete(userId);
    removeFrom(this.#groupUsers, group, userId);
  }

  #evictOldestNoTtl(userId: string, memberships: Map<string, Membership>): void {
    const noTtl = [...memberships].filter(([, m]) => m.noTtl);
    for (const [group] of noTtl.slice(0, Math.max(0, noTtl.length - MAX_NO_TTL_GROUPS))) {
      this.#forgetMembership(userId, group);
    }
  }
}
