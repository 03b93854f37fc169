// Public surface of @hubcast/server. Each export lives in its own module, so bundlers keep only what
// an app uses (a Web PubSub app does not carry the SignalR client, and the other way round).

export {
  type AccessToken,
  AzureKeyCredential,
  type GetTokenOptions,
  type KeyCredential,
  type TokenCredential,
} from './auth/credentials.js';
export { RestError, type RestErrorOptions } from './errors.js';
export type { FanOutOptions, FanOutResult } from './fan-out.js';
export type { ListConnectionsOptions, Page, PagedAsyncIterableIterator } from './paging.js';
export type { FetchLike, RetryOptions } from './retry.js';
export { SignalRServiceClient } from './signalr/client.js';
// Every type in the client-options modules is public: they hold only the clients' option and value types.
export type * from './signalr/client-options.js';
export type { NegotiateOptions, NegotiateResponse } from './signalr/negotiate.js';
export type { TransportOptions } from './transport.js';
export { WebPubSubServiceClient } from './webpubsub/client.js';
export type * from './webpubsub/client-options.js';
export type {
  ClientTokenResponse,
  GenerateClientTokenOptions,
  WebPubSubClientProtocol,
} from './webpubsub/client-token.js';
export type { OperationOptions } from './webpubsub/context.js';
export type {
  GroupCloseAllConnectionsOptions,
  GroupListConnectionsOptions,
  GroupMemberPage,
  ListConnectionsResult,
  WebPubSubGroup,
  WebPubSubGroupMember,
} from './webpubsub/group.js';
export type { JSONTypes } from './webpubsub/message.js';
export { odata } from './webpubsub/odata.js';
export type {
  SendToAllOptions,
  SendToConnectionOptions,
  SendToUserOptions,
} from './webpubsub/send-options.js';
