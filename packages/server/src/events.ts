// Public surface of `@hubcast/server/events`: the app side of the calls the services make to it.
// A subpath of its own, so apps that only send (and their bundles and cold starts) never load it.

export type { KeyCredential } from './auth/credentials.js';
export type { SignatureOptions } from './events/shared/access-keys.js';
export type { WaitUntilContext } from './events/shared/callbacks.js';
export type {
  NextFunction,
  NodeMiddleware,
  NodeRequestLike,
  NodeResponseLike,
} from './events/shared/node-adapter.js';
export { SignalRUpstreamHandler } from './events/signalr/handler.js';
export type * from './events/signalr/types.js';
export { WebPubSubEventHandler } from './events/webpubsub/handler.js';
export {
  MqttDisconnectReasonCode,
  MqttV311ConnectReturnCode,
  MqttV500ConnectReasonCode,
} from './events/webpubsub/mqtt-codes.js';
export type { WebPubSubEventHandlerOptions } from './events/webpubsub/options.js';
export type * from './events/webpubsub/requests.js';
export type * from './events/webpubsub/responses.js';
