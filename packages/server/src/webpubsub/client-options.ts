// Option and value types of WebPubSubServiceClient's constructor and hub-wide operations
// (names as in @azure/web-pubsub).
import type { TransportOptions } from '../transport.js';
import type { OperationOptions } from './context.js';
import type { JSONTypes } from './message.js';

/** A permission a connection can be granted on a group. */
export type Permission = 'joinLeaveGroup' | 'sendToGroup';
/** A message to send: binary values go as bytes, anything else as JSON (a string as text with `contentType: 'text/plain'`). */
export type Message = JSONTypes | ArrayBuffer | ArrayBufferView | Blob;

export interface WebPubSubServiceClientOptions extends TransportOptions {
  /** The REST api-version (default `2024-12-01`, as in @azure/web-pubsub 1.2.0). */
  apiVersion?: string;
}

export interface CloseConnectionOptions extends OperationOptions {
  /** The reason sent to the closed client. */
  reason?: string;
}

export interface CloseConnectionsOptions extends CloseConnectionOptions {
  /** Connection ids to keep open. */
  excluded?: string[];
}

export interface PermissionOptions extends OperationOptions {
  /** The group the permission is about; all groups when unset. */
  targetName?: string;
}
