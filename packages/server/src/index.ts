// Public surface of @hubcast/server. Each export lives in its own module, so bundlers keep only what
// an app uses (a Web PubSub app does not carry the SignalR client, and the other way round). Every name
// @azure/web-pubsub 1.2.0 exports is here too, with compatible types.

export type {
  AccessToken,
  GetTokenOptions,
  KeyCredential,
  TokenCredential,
} from './auth/credentials.js';
export { AzureKeyCredential } from './auth/key-credential.js';
export { RestError, type RestErrorOptions } from './errors.js';
export type { FanOutOptions, FanOutResult } from './fan-out.js';
export type {
  FullOperationResponse,
  OperationOptions,
  OperationRequestOptions,
  OperationTracingOptions,
  RawResponseCallback,
  RequestSummary,
  SerializerOptions,
  TransferProgressEvent,
} from './operation-options.js';
export type {
  ListConnectionsOptions,
  Page,
  PagedAsyncIterableIterator,
  PageSettings,
} from './paging.js';
export type {
  AdditionalPolicyConfig,
  Logger,
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  RequestLogEntry,
  SendRequest,
  WebPubSubServiceClientLogOptions,
} from './pipeline.js';
export {
  createSignalRRestClient,
  createWebPubSubRestClient,
  type RestClientArgs,
  type RestClientOptions,
  type SignalRRestClient,
  type WebPubSubRestClient,
} from './rest-clients.js';
export type { FetchLike, RetryOptions } from './retry.js';
export { SignalRServiceClient } from './signalr/client.js';
// Every type in the client-options modules is public: they hold only the clients' option and value types.
export type * from './signalr/client-options.js';
export type * from './signalr/hub-types.js';
export type { NegotiateOptions, NegotiateResponse } from './signalr/negotiate.js';
export type {
  HttpClient,
  ProxySettings,
  RedirectPolicyOptions,
  TelemetryOptions,
  TlsSettings,
  TransportOptions,
  UserAgentPolicyOptions,
} from './transport-options.js';
export { WebPubSubServiceClient } from './webpubsub/client.js';
export type * from './webpubsub/client-options.js';
export type {
  ClientTokenResponse,
  GenerateClientTokenOptions,
  WebPubSubClientProtocol,
} from './webpubsub/client-token.js';
export type {
  GroupAddConnectionOptions,
  GroupAddUserOptions,
  GroupCloseAllConnectionsOptions,
  GroupHasUserOptions,
  GroupListConnectionsOptions,
  GroupMemberPage,
  GroupRemoveConnectionOptions,
  GroupRemoveUserOptions,
  GroupSendTextToAllOptions,
  GroupSendToAllOptions,
  ListConnectionsResult,
  WebPubSubGroup,
  WebPubSubGroupMember,
} from './webpubsub/group.js';
export type { JSONTypes } from './webpubsub/message.js';
export { odata } from './webpubsub/odata.js';
export type {
  HubSendTextToAllOptions,
  HubSendTextToConnectionOptions,
  HubSendTextToUserOptions,
  HubSendToAllOptions,
  HubSendToConnectionOptions,
  HubSendToUserOptions,
  SendToAllOptions,
  SendToConnectionOptions,
  SendToUserOptions,
} from './webpubsub/send-options.js';
