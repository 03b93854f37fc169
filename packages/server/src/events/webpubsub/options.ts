// Options of WebPubSubEventHandler: those of `@azure/web-pubsub-express` 1.1.0 (path, allowedEndpoints
// and the callbacks), plus where the access keys come from, a body size limit and an error hook.
import type { SignatureOptions } from '../shared/access-keys.js';
import type {
  ConnectedRequest,
  ConnectRequest,
  DisconnectedRequest,
  GroupJoinedRequest,
  GroupLeftRequest,
  UserEventRequest,
} from './requests.js';
import type { ConnectResponseHandler, UserEventResponseHandler } from './responses.js';

/** Options of {@link WebPubSubEventHandler}. Set `connectionString` or `accessKeys`. */
export interface WebPubSubEventHandlerOptions extends SignatureOptions {
  /** The path the handler serves (and everything below it). Default `/api/webpubsub/hubs/{hub}/`. */
  path?: string;
  /**
   * Web PubSub endpoints allowed to send events, for example `https://contoso.webpubsub.azure.com`.
   * The abuse-protection check (`OPTIONS`) succeeds only for their hosts. Default: any.
   */
  allowedEndpoints?: string[];
  /**
   * The `connect` event (blocking): accept the client with `res.success(...)`, or refuse it with
   * `res.fail(...)`. Without it, every connect is accepted as is.
   */
  handleConnect?: (
    connectRequest: ConnectRequest,
    connectResponse: ConnectResponseHandler,
  ) => void | Promise<void>;
  /**
   * User events (blocking): reply with `res.success(data, dataType)` or `res.fail(...)`. Without it,
   * every event is acknowledged with no reply.
   */
  handleUserEvent?: (
    userEventRequest: UserEventRequest,
    userEventResponse: UserEventResponseHandler,
  ) => void | Promise<void>;
  /** The `connected` event (non-blocking: the service is answered before this runs). */
  onConnected?: (connectedRequest: ConnectedRequest) => void | Promise<void>;
  /** Group-joined events (non-blocking). */
  onGroupJoined?: (groupJoinedRequest: GroupJoinedRequest) => void | Promise<void>;
  /** Group-left events (non-blocking). */
  onGroupLeft?: (groupLeftRequest: GroupLeftRequest) => void | Promise<void>;
  /** The `disconnected` event (non-blocking). */
  onDisconnected?: (disconnectedRequest: DisconnectedRequest) => void | Promise<void>;
  /** The largest request body accepted, in bytes (larger ones get 413). Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Receives errors thrown by the callbacks above (the service only gets a plain 500). Default: logs
   * them with `console.error`.
   */
  onError?: (error: unknown, callback: string) => void;
}
