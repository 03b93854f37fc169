// One SignalR client connection (JSON hub protocol over WebSocket).
import WebSocket from 'ws';
import type { BroadcastFrame } from '../shared/broadcast-frame.js';
import { ClientInvocations } from './client-invocations.js';
import { closeFrame, serverMessages } from './hub-protocol.js';

export class SrConnection {
  /** Groups this connection was added to directly (user-group memberships live in the hub). */
  readonly groups = new Set<string>();
  /** Client results (`:invoke`) waiting for this connection's completion messages. */
  readonly invocations = new ClientInvocations((invocationId, target, args) => {
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    this.send(serverMessages.invocation(invocationId, target, args));
    return true;
  });

  constructor(
    readonly id: string,
    readonly userId: string | undefined,
    readonly socket: WebSocket,
  ) {}

  /** Sends a record to this connection alone. */
  send(record: Buffer): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(record, { binary: false });
  }

  /** Sends a record shared by many connections (serialized and framed once). */
  sendShared(frame: BroadcastFrame): void {
    frame.sendTo(this.socket);
  }

  /** Sends the close message (type 7) carrying the reason, then closes the socket. */
  close(reason: string | undefined): void {
    this.invocations.abandon();
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.send(closeFrame(reason));
    this.socket.close(1000);
  }
}
