// Option types of SignalRServiceClient's constructor and operations.
import type { TransportOptions } from '../transport.js';
import type { OperationOptions } from '../webpubsub/context.js';

export interface SignalRServiceClientOptions extends TransportOptions {
  /** Prefix of the hub on the service: the REST and client hub becomes `{applicationName}_{hub}`. */
  applicationName?: string;
}

export interface SignalRSendOptions extends OperationOptions {
  /** Connection ids that do not get the message. */
  excluded?: string[];
}

export interface SignalRCloseConnectionOptions extends OperationOptions {
  /** The reason passed to the client. */
  reason?: string;
}

export interface AddUserToGroupOptions extends OperationOptions {
  /** Seconds the user stays in the group; without it the service keeps the membership up to a year. */
  ttlSeconds?: number;
}
