// A connection's roles: `webpubsub.joinLeaveGroup` / `webpubsub.sendToGroup`, hub-wide or scoped to one
// group (`webpubsub.sendToGroup.<group>`), from the token and changed over REST.
export type Permission = 'joinLeaveGroup' | 'sendToGroup';

export class Roles {
  readonly #roles: Set<string>;

  constructor(roles: Iterable<string>) {
    this.#roles = new Set(roles);
  }

  can(permission: Permission, group: string): boolean {
    return (
      this.#roles.has(`webpubsub.${permission}`) ||
      this.#roles.has(`webpubsub.${permission}.${group}`)
    );
  }

  grant(permission: Permission, target: string | undefined): void {
    this.#roles.add(roleName(permission, target));
  }

  revoke(permission: Permission, target: string | undefined): void {
    this.#roles.delete(roleName(permission, target));
  }

  /** Every role, sorted (for the inspector). */
  list(): string[] {
    return [...this.#roles].sort();
  }

  /** With a target, the group-scoped or the hub-wide role counts; without one, only the hub-wide role. */
  has(permission: Permission, target: string | undefined): boolean {
    return target === undefined
      ? this.#roles.has(roleName(permission, undefined))
      : this.can(permission, target);
  }
}

function roleName(permission: Permission, target: string | undefined): string {
  return target === undefined ? `webpubsub.${permission}` : `webpubsub.${permission}.${target}`;
}
