// One client WebSocket of a Web PubSub hub: who it is, its groups and permissions, and how messages
// are written for its subprotocol.
import WebSocket from 'ws';
import type { OutboundMessage } from './outbound-message.js';

export type WpsProtocol = 'plain' | 'json' | 'reliable';

export const subprotocolNames: Readonly<Record<string, WpsProtocol>> = {
  'json.webpubsub.azure.v1': 'json',
  'json.reliable.webpubsub.azure.v1': 'reliable',
};

/** Close code the service uses for server-side closes; the official client does not try to recover. */
export const CLOSE_POLICY = 1008;

const MAX_REMEMBERED_ACK_IDS = 10_000;

export type Permission = 'joinLeaveGroup' | 'sendToGroup';

export class WpsConnection {
  readonly groups = new Set<string>();
  /** Roles such as `webpubsub.sendToGroup` or `webpubsub.joinLeaveGroup.<group>`. */
  readonly roles: Set<string>;
  /** ackIds of processed requests, so a resent request gets a `Duplicate` ack. */
  readonly #seenAckIds = new Set<number>();
  #sequenceId = 0;

  constructor(
    readonly id: string,
    readonly hub: string,
    readonly userId: string | undefined,
    readonly protocol: WpsProtocol,
    readonly socket: WebSocket,
    roles: Iterable<string>,
  ) {
    this.roles = new Set(roles);
  }

  hasProcessed(ackId: number): boolean {
    return this.#seenAckIds.has(ackId);
  }

  markProcessed(ackId: number): void {
    this.#seenAckIds.add(ackId);
    // Bounded: the oldest ids are forgotten first (a Set iterates in insertion order).
    if (this.#seenAckIds.size > MAX_REMEMBERED_ACK_IDS) {
      this.#seenAckIds.delete(this.#seenAckIds.values().next().value as number);
    }
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  deliver(message: OutboundMessage): void {
    if (!this.isOpen) return;
    if (this.protocol === 'plain') {
      message.plainFrame.sendTo(this.socket);
    } else if (this.protocol === 'json') {
      message.jsonFrame.sendTo(this.socket);
    } else {
      const prefix = Buffer.from(`{"sequenceId":${++this.#sequenceId},`);
      this.socket.send(Buffer.concat([prefix, message.jsonFrameTail]), { binary: false });
    }
  }

  /** Sends a protocol control frame (ack, system, pong); plain connections have none. */
  sendControl(frame: object): void {
    if (this.protocol !== 'plain' && this.isOpen) this.socket.send(JSON.stringify(frame));
  }

  can(permission: Permission, group: string): boolean {
    return (
      this.roles.has(`webpubsub.${permission}`) ||
      this.roles.has(`webpubsub.${permission}.${group}`)
    );
  }

  grant(permission: Permission, target: string | undefined): void {
    this.roles.add(roleName(permission, target));
  }

  revoke(permission: Permission, target: string | undefined): void {
    this.roles.delete(roleName(permission, target));
  }

  /** With a target, the group-scoped or the hub-wide role counts; without one, only the hub-wide role. */
  has(permission: Permission, target: string | undefined): boolean {
    return target === undefined
      ? this.roles.has(roleName(permission, undefined))
      : this.can(permission, target);
  }

  /** Closes with the service's `disconnected` system message first, then the reason in the close frame. */
  close(reason: string | undefined, code = CLOSE_POLICY): void {
    if (this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING)
      return;
    this.sendControl({ type: 'system', event: 'disconnected', message: reason ?? '' });
    this.socket.close(code, truncateReason(reason ?? ''));
  }
}

function roleName(permission: Permission, target: string | undefined): string {
  return target === undefined ? `webpubsub.${permission}` : `webpubsub.${permission}.${target}`;
}

/** A close frame's reason is limited to 123 bytes of UTF-8. */
export function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
