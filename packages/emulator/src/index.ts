// Public surface of @hubcast/emulator.
export { type EmulatedService, type Emulator, startEmulator } from './emulator.js';
export type {
  ActionEvent,
  ConnectedEvent,
  ConnectionRef,
  DisconnectedEvent,
  FrameEvent,
  GroupState,
  HttpEvent,
  HubState,
  InspectorSnapshot,
  RefusedEvent,
  ServiceName,
  SignalRConnectionState,
  SignalRGroupState,
  SignalRHubState,
  TimelineEvent,
  TimelineEventBase,
  TimelineStats,
  UpstreamEvent,
  UserState,
  WebPubSubConnectionState,
  WebPubSubHubState,
} from './inspector/types.js';
export {
  DEFAULT_ACCESS_KEY,
  DEFAULT_SIGNALR_PORT,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  DEFAULT_WEB_PUBSUB_PORT,
  type EmulatorOptions,
} from './options.js';
export type { Logger } from './shared/logger.js';
export type { UpstreamCall, UpstreamCallListener } from './upstream/call-report.js';
export type {
  EventHandlerSettings,
  SystemEvent,
  UpstreamTemplateSettings,
} from './upstream/settings.js';
