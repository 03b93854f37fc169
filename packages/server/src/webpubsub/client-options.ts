// Option and value types of WebPubSubServiceClient's constructor and hub-wide operations, under the
// names @azure/web-pubsub 1.2.0 exports (so code written against it type-checks with one import changed).
import type { OperationOptions } from '../operation-options.js';
import type { TransportOptions } from '../transport.js';
import type { JSONTypes } from './message.js';

/** A permission a connection can be granted on a group. */
export type Permission = 'joinLeaveGroup' | 'sendToGroup';
/** A message to send: binary values go as bytes, anything else as JSON (a string as text with `contentType: 'text/plain'`). */
export type Message = JSONTypes | ArrayBuffer | ArrayBufferView | Blob;

/**
 * Values a send refuses at compile time (and at run time): JSON cannot carry them, or would send them
 * as `{}` (a Map, Set or Promise, a stream).
 */
export type NotJson =
  | null
  | undefined
  | symbol
  | bigint
  | ((...args: never[]) => unknown)
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>
  | WeakMap<object, unknown>
  | WeakSet<object>
  | PromiseLike<unknown>
  | {
      /** A web stream (ReadableStream). */
      getReader(): unknown;
    }
  | {
      /** A Node stream. */
      pipe(destination: never): unknown;
    };

/**
 * The message parameter of the sends: `M` itself, or a type that names the problem when `M` is a
 * {@link NotJson} value (convert a Map with `Object.fromEntries`, read a stream into bytes first).
 */
export type CheckedMessage<M> = M extends NotJson
  ? 'message must be JSON, text or binary data: convert Maps, Sets and streams first'
  : M;

/** Options of the `WebPubSubServiceClient` constructor. */
export interface WebPubSubServiceClientOptions extends TransportOptions {
  /** The REST api-version (default `2024-12-01`, as in @azure/web-pubsub 1.2.0). */
  apiVersion?: string;
}

/** Client options of a group, as `@azure/web-pubsub` declares them; the group shares its hub's client. */
export interface GroupAdminClientOptions extends TransportOptions {}

/** Options of `closeConnection`. */
export interface HubCloseConnectionOptions extends OperationOptions {
  /** The reason sent to the closed client. */
  reason?: string;
}

/** Options of `closeAllConnections`. */
export interface HubCloseAllConnectionsOptions extends HubCloseConnectionOptions {
  /** Connection ids to keep open. */
  excluded?: string[];
}

/** Options of `closeUserConnections`. */
export interface HubCloseUserConnectionsOptions extends HubCloseAllConnectionsOptions {}

/** Options of `connectionExists`. */
export interface HasConnectionOptions extends OperationOptions {}

/** Options of `groupExists`. */
export interface HubHasGroupOptions extends OperationOptions {}

/** Options of `userExists`. */
export interface HubHasUserOptions extends OperationOptions {}

/** Options of `removeUserFromAllGroups` and `removeConnectionFromAllGroups`. */
export interface HubRemoveUserFromAllGroupsOptions extends OperationOptions {
  /**
   * @deprecated Not sent: removing from groups closes nothing, and the REST operation takes no reason.
   * Accepted only because `@azure/web-pubsub` types these options as close options.
   */
  reason?: string;
}

/** Options of `grantPermission`. */
export interface HubGrantPermissionOptions extends OperationOptions {
  /** The group the permission is about; all groups when unset. */
  targetName?: string;
}

/** Options of `revokePermission`. */
export interface HubRevokePermissionOptions extends HubGrantPermissionOptions {}

/** Options of `hasPermission`. */
export interface HubHasPermissionOptions extends HubGrantPermissionOptions {}

/** Same as {@link HubCloseConnectionOptions}. */
export type CloseConnectionOptions = HubCloseConnectionOptions;
/** Same as {@link HubCloseAllConnectionsOptions}. */
export type CloseConnectionsOptions = HubCloseAllConnectionsOptions;
/** Same as {@link HubGrantPermissionOptions}. */
export type PermissionOptions = HubGrantPermissionOptions;
