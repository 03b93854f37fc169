// Option types and checks of the send operations (names as in @azure/web-pubsub).
import {
  MESSAGE_TTL_MAX,
  MESSAGE_TTL_MIN,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requireId,
} from '../validation.js';
import type { OperationOptions, SendQuery } from './context.js';

export interface SendToConnectionOptions extends OperationOptions {
  /** `"text/plain"` sends a string message as text instead of JSON. */
  contentType?: 'text/plain';
  /** Seconds (0–300) the service keeps the message for a slow client; 0 means no limit. */
  messageTtlSeconds?: number;
}

export interface SendToUserOptions extends SendToConnectionOptions {
  /** OData filter on the recipients; build it with {@link odata}. */
  filter?: string;
}

export interface SendToAllOptions extends SendToUserOptions {
  /** Connection ids that do not get the message. */
  excludedConnections?: string[];
}

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
