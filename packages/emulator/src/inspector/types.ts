// The inspector's public shapes: the state snapshot (`emulator.inspect()`, `GET …/api/state`) and the
// timeline events (`GET …/api/events`, the `…/api/stream` server-sent events). Plain JSON data, so
// the page, tools and a user's tests read the same thing. No field ever holds a key, token or signature.

/** Which emulated service something happened in. */
export type ServiceName = 'webpubsub' | 'signalr';

/** A connection as a group or user lists it. */
export interface ConnectionRef {
  readonly connectionId: string;
  readonly userId?: string;
}

/** A Web PubSub client connection. */
export interface WebPubSubConnectionState {
  readonly connectionId: string;
  readonly userId?: string;
  /** The subprotocol (`json.reliable.webpubsub.azure.v1`, …), or `plain` for a plain WebSocket. */
  readonly protocol: string;
  /** Reliable subprotocols survive a dropped socket for a while. */
  readonly reliable: boolean;
  /** `recovering`: a reliable client's socket dropped and the connection waits for it to come back. */
  readonly state: 'open' | 'recovering';
  /** Groups the connection is in, sorted. */
  readonly groups: readonly string[];
  /** Its roles (`webpubsub.joinLeaveGroup`, `webpubsub.sendToGroup.<group>`, …), sorted. */
  readonly roles: readonly string[];
  /** When it connected, in ms since the epoch. */
  readonly connectedAt: number;
  /** Frames the client sent. */
  readonly messagesIn: number;
  /** Messages and control frames (acks, system messages) the service sent it. */
  readonly messagesOut: number;
}

/** A SignalR client connection. */
export interface SignalRConnectionState {
  readonly connectionId: string;
  readonly userId?: string;
  readonly transport: 'WebSockets' | 'ServerSentEvents' | 'LongPolling';
  /** The hub protocol: `json` or `messagepack`. */
  readonly protocol: string;
  /** Groups it is in, directly or through its user's group memberships, sorted. */
  readonly groups: readonly string[];
  /** When its handshake completed, in ms since the epoch. */
  readonly connectedAt: number;
  /** Messages the client sent (pings not counted). */
  readonly messagesIn: number;
  /** Messages the service sent it (pings not counted). */
  readonly messagesOut: number;
}

export interface GroupState {
  readonly name: string;
  /** The connections in the group, sorted by id. */
  readonly members: readonly ConnectionRef[];
}

/** A SignalR group also lists the users added to it, whose later connections join it too. */
export interface SignalRGroupState extends GroupState {
  readonly users: readonly { readonly userId: string; readonly expiresAt: number }[];
}

export interface UserState {
  readonly userId: string;
  readonly connectionIds: readonly string[];
}

/** One hub. Hub names are case-insensitive in both services, so they are shown lowercased. */
export interface HubState<C, G extends GroupState = GroupState> {
  readonly name: string;
  readonly connections: readonly C[];
  readonly groups: readonly G[];
  readonly users: readonly UserState[];
}

export type WebPubSubHubState = HubState<WebPubSubConnectionState>;
export type SignalRHubState = HubState<SignalRConnectionState, SignalRGroupState>;

/** How much the timeline holds. */
export interface TimelineStats {
  /** Events recorded since the emulator started. */
  readonly recorded: number;
  /** Events kept now (the oldest are dropped past `capacity`). */
  readonly kept: number;
  readonly capacity: number;
  /** The sequence number of the newest event (0 before the first). */
  readonly lastSeq: number;
  /** Open live streams. Frames and payloads are recorded only while at least one is open. */
  readonly watchers: number;
}

/** What both services hold right now (`emulator.inspect()`). Hubs are sorted by name. */
export interface InspectorSnapshot {
  /** When the snapshot was taken, in ms since the epoch. */
  readonly takenAt: number;
  readonly webPubSub: { readonly hubs: readonly WebPubSubHubState[] };
  readonly signalR: { readonly hubs: readonly SignalRHubState[] };
  readonly timeline: TimelineStats;
}

/** Fields every timeline event has; the ids name what it concerns, for filtering. */
export interface TimelineEventBase {
  /** Increasing number of the event (the server-sent event `id`). */
  readonly seq: number;
  /** When it happened, in ms since the epoch. */
  readonly at: number;
  readonly service: ServiceName;
  readonly hub?: string;
  readonly connectionId?: string;
  readonly userId?: string;
  readonly group?: string;
}

/** An HTTP request to a service: a REST call, or (`api: 'client'`) negotiate or a SignalR transport request. */
export interface HttpEvent extends TimelineEventBase {
  readonly kind: 'http';
  readonly api: 'rest' | 'client';
  readonly method: string;
  readonly path: string;
  /** The query string, secrets (`access_token`, SignalR's `id`, …) replaced by `<redacted>`. */
  readonly query?: string;
  readonly status: number;
  readonly durationMs: number;
  /** The REST operation (operationId), when the path matched one. */
  readonly operation?: string;
  readonly requestBytes?: number;
  readonly contentType?: string;
  /** The request body, when it is text or JSON of at most 1 KiB and someone was watching. */
  readonly body?: string;
}

/** A client connection opened (or a reliable one was recovered). */
export interface ConnectedEvent extends TimelineEventBase {
  readonly kind: 'connected';
  /** Web PubSub: the subprotocol or `plain`; SignalR: `json` or `messagepack`. */
  readonly protocol: string;
  /** SignalR only. */
  readonly transport?: string;
  readonly recovered?: boolean;
  readonly groups?: readonly string[];
}

/** A WebSocket handshake the service refused. */
export interface RefusedEvent extends TimelineEventBase {
  readonly kind: 'refused';
  readonly path: string;
  readonly status: number;
  readonly reason: string;
}

/** A client connection ended. */
export interface DisconnectedEvent extends TimelineEventBase {
  readonly kind: 'disconnected';
  /** The WebSocket close code, when there was one. */
  readonly code?: number;
  readonly reason: string;
}

/**
 * A frame a client sent (`in`) or the service sent (`out`). A message sent to many connections is one
 * event with `recipients`. Recorded only while someone watches; keep-alive pings are left out.
 */
export interface FrameEvent extends TimelineEventBase {
  readonly kind: 'frame';
  readonly direction: 'in' | 'out';
  /** What it is: `joinGroup`, `sendToGroup`, `event`, `ack`, `message`, `invocation`, `completion`, … */
  readonly type: string;
  /** How many connections an outgoing message went to. */
  readonly recipients?: number;
  readonly bytes?: number;
  readonly dataType?: string;
  /** Web PubSub user event name, or SignalR hub method. */
  readonly name?: string;
  readonly ackId?: number;
  readonly invocationId?: string;
  readonly error?: string;
  /** The payload as text (at most 1 KiB, secrets redacted); absent for binary data. */
  readonly data?: string;
}

/** A call to an event handler (Web PubSub) or upstream (SignalR); see `UpstreamCall`. */
export interface UpstreamEvent extends TimelineEventBase {
  readonly kind: 'upstream';
  readonly event: string;
  readonly category?: 'connections' | 'messages';
  readonly method: 'POST' | 'OPTIONS';
  /** Without its query string. */
  readonly url: string;
  readonly status?: number;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly outcome: string;
}

/** An action taken from the inspector, run as the REST operation it names. */
export interface ActionEvent extends TimelineEventBase {
  readonly kind: 'action';
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly error?: string;
}

export type TimelineEvent =
  | HttpEvent
  | ConnectedEvent
  | RefusedEvent
  | DisconnectedEvent
  | FrameEvent
  | UpstreamEvent
  | ActionEvent;

/** An event before the timeline numbers and dates it. */
export type TimelineEventInit = TimelineEvent extends infer E
  ? E extends TimelineEvent
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;

/** Narrows a timeline to what concerns a service, hub, connection, user or group (all optional). */
export interface TimelineFilter {
  readonly service?: ServiceName;
  readonly hub?: string;
  readonly connectionId?: string;
  readonly userId?: string;
  readonly group?: string;
}
