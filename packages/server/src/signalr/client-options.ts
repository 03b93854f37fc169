// Option and value types of SignalRServiceClient's constructor and operations. Every type here is public.

import type { OperationOptions } from '../operation-options.js';
import type { ListConnectionsOptions, Page, PagedAsyncIterableIterator } from '../paging.js';
import type { TransportOptions } from '../transport.js';
import type { HubMessage, UntypedHub } from './hub-types.js';

/**
 * The REST API a call goes to: `v1` (`/api/v1/hubs/...`) or the current API, api-version `2024-12-01`
 * (`/api/hubs/...?api-version=2024-12-01`).
 */
export type SignalRApiVersion = 'v1' | '2024-12-01';

export interface SignalRServiceClientOptions extends TransportOptions {
  /**
   * The hub's application: the service addresses the hub `{applicationName}_{hub}`. On v1 that is the
   * REST path's hub; on the current API it is the `application` query parameter. Client URLs always use
   * the prefixed name.
   */
  applicationName?: string;
  /**
   * The API of the operations v1 also has (sends, existence checks, groups, closeConnection, health,
   * and the signing key of `negotiate`). Default `v1`. With `2024-12-01` every call uses the current
   * API. The operations only the current API has always use it.
   */
  apiVersion?: SignalRApiVersion;
}

export interface SignalRSendOptions extends OperationOptions {
  /** Connection ids that do not get the message. */
  excluded?: string[];
}

export interface SignalRCloseConnectionOptions extends OperationOptions {
  /** The reason passed to the client. */
  reason?: string;
}

/** Options of closing the connections of the hub, a user or a group. */
export interface SignalRCloseConnectionsOptions extends OperationOptions {
  /** Connection ids to keep open. */
  excluded?: string[];
  /** The reason passed to each closed client. */
  reason?: string;
}

export interface AddUserToGroupOptions extends OperationOptions {
  /**
   * Seconds the user stays in the group; without it the service keeps the membership up to a year.
   * With 0 only the user's connections open now are added (current API).
   */
  ttlSeconds?: number;
}

/** A connection in a group, with the user it belongs to. */
export interface SignalRGroupMember {
  /** The connection's id. */
  connectionId: string;
  /** The user the connection belongs to, if any. */
  userId?: string;
}

/** What `listConnectionsInGroup` returns: iterate the members, or pages with `byPage()`. */
export type SignalRGroupMembers = PagedAsyncIterableIterator<
  SignalRGroupMember,
  Page<SignalRGroupMember>
>;

/** Options of `listConnectionsInGroup`: page size, a total limit, and where to resume. */
export type SignalRListConnectionsOptions = ListConnectionsOptions;

/** Options of `generateClientToken`: who the client connects as and for how long. */
export interface SignalRClientTokenOptions extends OperationOptions {
  /** The user the client connects as; leave it out for an anonymous client (an empty id is refused). */
  userId?: string;
  /** Token lifetime in whole minutes (≥ 1); default 60. */
  expiresInMinutes?: number;
}

/** Options of `sendStreamItem`. */
export interface SendStreamItemOptions extends OperationOptions {
  /** Whether this item is the last one of the stream. */
  completed?: boolean;
}

/** Options of `sendStreamCompletion`. */
export interface SendStreamCompletionOptions extends OperationOptions {
  /** Ends the stream with this error; without it the stream completes normally. */
  error?: string;
}

/** Options of `execute`. */
export interface ExecuteOptions extends OperationOptions {
  /**
   * An OData filter selecting the connections the commands apply to (all connections of the hub when
   * absent), for example `userId eq 'u1'` or `'g1' in groups`. Build it with the `odata` helper.
   */
  filter?: string;
}

/**
 * One command of `execute`, applied to every selected connection; `type` selects which. With a typed
 * hub, `SendMessage`'s target and arguments are checked against it.
 */
export type SignalRCommand<Hub = UntypedHub> =
  | SignalRSendMessageCommand<Hub>
  | SignalRJoinGroupCommand
  | SignalRLeaveGroupCommand
  | SignalRCloseConnectionCommand;

/** Calls a client method on each selected connection. */
export interface SignalRSendMessageCommand<Hub = UntypedHub> {
  /** The command type. */
  type: 'SendMessage';
  /** The client method (`target`) and its `arguments` (default none). */
  message: HubMessage<Hub>;
}

/** Adds each selected connection to a group. */
export interface SignalRJoinGroupCommand {
  /** The command type. */
  type: 'JoinGroup';
  /** The group, 1 to 1024 characters. */
  group: string;
}

/** Removes each selected connection from a group. */
export interface SignalRLeaveGroupCommand {
  /** The command type. */
  type: 'LeaveGroup';
  /** The group, 1 to 1024 characters. */
  group: string;
}

/** Closes each selected connection. */
export interface SignalRCloseConnectionCommand {
  /** The command type. */
  type: 'CloseConnection';
  /** The reason passed to each closed client. */
  reason?: string;
}
