// Option types and checks of the send operations (names as in @azure/web-pubsub).

import type { OperationOptions } from '../operation-options.js';
import {
  MESSAGE_TTL_MAX,
  MESSAGE_TTL_MIN,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requireId,
} from '../validation.js';
import type { SendQuery } from './context.js';

/** Options of `sendToConnection`. */
export interface HubSendToConnectionOptions extends OperationOptions {
  /** `"text/plain"` sends a string message as text instead of JSON. */
  contentType?: 'text/plain';
  /** Seconds (0–300) the service keeps the message for a slow client; 0 means no limit. */
  messageTtlSeconds?: number;
}

/** Options of `sendToConnection` sending text. */
export interface HubSendTextToConnectionOptions extends HubSendToConnectionOptions {
  /** The message is sent as text. */
  contentType: 'text/plain';
}

/** Options of `sendToUser`. */
export interface HubSendToUserOptions extends HubSendToConnectionOptions {
  /** OData filter on the recipients; build it with {@link odata}. */
  filter?: string;
}

/** Options of `sendToUser` sending text. */
export interface HubSendTextToUserOptions extends HubSendToUserOptions {
  /** The message is sent as text. */
  contentType: 'text/plain';
}

/** Options of `sendToAll` (of the hub, or of a group). */
export interface HubSendToAllOptions extends HubSendToUserOptions {
  /** Connection ids that do not get the message. */
  excludedConnections?: string[];
}

/** Options of `sendToAll` sending text. */
export interface HubSendTextToAllOptions extends HubSendToAllOptions {
  /** The message is sent as text. */
  contentType: 'text/plain';
}

/** Same as {@link HubSendToConnectionOptions}. */
export type SendToConnectionOptions = HubSendToConnectionOptions;
/** Same as {@link HubSendToUserOptions}. */
export type SendToUserOptions = HubSendToUserOptions;
/** Same as {@link HubSendToAllOptions}. */
export type SendToAllOptions = HubSendToAllOptions;

export function checkSendQuery(options: SendToAllOptions): SendQuery {
  return {
    excluded: optionalStringArray(
      options.excludedConnections,
      'options.excludedConnections',
      requireId,
    ),
    filter: optionalString(options.filter, 'options.filter'),
    messageTtlSeconds: optionalInteger(
      options.messageTtlSeconds,
      'options.messageTtlSeconds',
      MESSAGE_TTL_MIN,
      MESSAGE_TTL_MAX,
    ),
  };
}
