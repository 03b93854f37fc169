// The inspector's public shapes: the state snapshot (`emulator.inspect()`, `GET …/api/state`) and the
// timeline events (`GET …/api/events`, the `…/api/stream` server-sent events). Plain JSON data, so
// the page, tools and a user's tests read the same thing. No field ever holds a key, token or signature.

/** Which emulated service something happened in. */
export type ServiceName = 'webpubsub' | 'signalr';

/** A connection as a group or user lists it. */
export interface ConnectionRef {
  /** The connection's id. */
  readonly connectionId: string;
  /** Its user, when it has one. */
  readonly userId?: string;
}

/** A Web PubSub client connection. */
export interface WebPubSubConnectionState {
  /** The connection's id. */
  readonly connectionId: string;
  /** Its user, when it has one. */
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
  /** The connection's id. */
  readonly connectionId: string;
  /** Its user, when it has one. */
  readonly userId?: string;
  /** The transport the client uses. */
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

/** A group and its members. */
export interface GroupState {
  /** The group's name. */
  readonly name: string;
  /** The connections in the group, sorted by id. */
  readonly members: readonly ConnectionRef[];
}

/** A SignalR group also lists the users added to it, whose later connections join it too. */
export interface SignalRGroupState extends GroupState {
  /** Users added to the group, sorted by id. */
  readonly users: readonly {
    /** The user's id. */
    readonly userId: string;
    /** When the membership ends (ms since the epoch). */
    readonly expiresAt: number;
  }[];
}

/** A user and the connections it has. */
export interface UserState {
  /** The user's id. */
  readonly userId: string;
  /** Its connections' ids, sorted. */
  readonly connectionIds: readonly string[];
}

/** One hub. Hub names are case-insensitive in both services, so they are shown lowercased. */
export interface HubState<C, G extends GroupState = GroupState> {
  /** The hub's name, lowercased. */
  readonly name: string;
  /** Its connections, sorted by id. */
  readonly connections: readonly C[];
  /** Its groups that have members, sorted by name. */
  readonly groups: readonly G[];
  /** Its users that have connections, sorted by id. */
  readonly users: readonly UserState[];
}

/** A Web PubSub hub. */
export type WebPubSubHubState = HubState<WebPubSubConnectionState>;
/** A SignalR hub. */
export type SignalRHubState = HubState<SignalRConnectionState, SignalRGroupState>;

/** How much the timeline holds. */
export interface TimelineStats {
  /** Events recorded since the emulator started. */
  readonly recorded: number;
  /** Events kept now (the oldest are dropped past `capacity`). */
  readonly kept: number;
  /** How many events are kept at most (0 when the inspector is off). */
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
  /** The Web PubSub service. */
  readonly webPubSub: {
    /** Its hubs that have connections, sorted by name. */
    readonly hubs: readonly WebPubSubHubState[];
  };
  /** The SignalR service. */
  readonly signalR: {
    /** Its hubs that have connections or user-group memberships, sorted by name. */
    readonly hubs: readonly SignalRHubState[];
  };
  /** How much the timeline holds. */
  readonly timeline: TimelineStats;
}

/** Fields every timeline event has; the ids name what it concerns, for filtering. */
export interface TimelineEventBase {
  /** Increasing number of the event (the server-sent event `id`). */
  readonly seq: number;
  /** When it happened, in ms since the epoch. */
  readonly at: number;
  /** The service it happened in. */
  readonly service: ServiceName;
  /** The hub it concerns. */
  readonly hub?: string;
  /** The connection it concerns. */
  readonly connectionId?: string;
  /** The user it concerns (for a client's message: the sender). */
  readonly userId?: string;
  /** The group it concerns. */
  readonly group?: string;
}

/** An HTTP request to a service: a REST call, or (`api: 'client'`) negotiate or a SignalR transport request. */
export interface HttpEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'http';
  /** `rest` for a REST operation, `client` for negotiate and other client requests. */
  readonly api: 'rest' | 'client';
  /** The HTTP method. */
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** The query string, secrets (`access_token`, SignalR's `id`, …) replaced by `<redacted>`. */
  readonly query?: string;
  /** The answer's status. */
  readonly status: number;
  /** How long the request took, in ms. */
  readonly durationMs: number;
  /** The REST operation (operationId), when the path matched one. */
  readonly operation?: string;
  /** The size of the request body. */
  readonly requestBytes?: number;
  /** The request's Content-Type. */
  readonly contentType?: string;
  /** The request body, when it is text or JSON of at most 1 KiB and someone was watching. */
  readonly body?: string;
}

/** A client connection opened (or a reliable one was recovered). */
export interface ConnectedEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'connected';
  /** Web PubSub: the subprotocol or `plain`; SignalR: `json` or `messagepack`. */
  readonly protocol: string;
  /** SignalR only: the transport. */
  readonly transport?: string;
  /** True when a reliable Web PubSub client recovered its connection. */
  readonly recovered?: boolean;
  /** Web PubSub: the groups it starts in. */
  readonly groups?: readonly string[];
}

/** A WebSocket handshake the service refused. */
export interface RefusedEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'refused';
  /** The path the client connected to. */
  readonly path: string;
  /** The HTTP status of the refusal. */
  readonly status: number;
  /** Why it was refused. */
  readonly reason: string;
}

/** A client connection ended. */
export interface DisconnectedEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'disconnected';
  /** The WebSocket close code, when there was one. */
  readonly code?: number;
  /** Why it ended. */
  readonly reason: string;
}

/**
 * A frame a client sent (`in`) or the service sent (`out`). A message sent to many connections is one
 * event with `recipients`. Recorded only while someone watches; keep-alive pings are left out.
 */
export interface FrameEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'frame';
  /** `in`: the client sent it; `out`: the service did. */
  readonly direction: 'in' | 'out';
  /** What it is: `joinGroup`, `sendToGroup`, `event`, `ack`, `message`, `invocation`, `completion`, … */
  readonly type: string;
  /** How many connections an outgoing message went to. */
  readonly recipients?: number;
  /** The payload's size. */
  readonly bytes?: number;
  /** `json`, `text`, `binary` or `protobuf`. */
  readonly dataType?: string;
  /** Web PubSub user event name, or SignalR hub method. */
  readonly name?: string;
  /** Web PubSub ack id (or, for `sequenceAck`, the sequence id). */
  readonly ackId?: number;
  /** The invocation it belongs to. */
  readonly invocationId?: string;
  /** An error it carries (a failed ack, a close reason, a declined request). */
  readonly error?: string;
  /** The payload as text (at most 1 KiB, secrets redacted); absent for binary data. */
  readonly data?: string;
}

/** A call to an event handler (Web PubSub) or upstream (SignalR); see `UpstreamCall`. */
export interface UpstreamEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'upstream';
  /** The event or hub method called (see `UpstreamCall.event`). */
  readonly event: string;
  /** SignalR only: `connections` or `messages`. */
  readonly category?: 'connections' | 'messages';
  /** `POST`, or `OPTIONS` for the abuse-protection check. */
  readonly method: 'POST' | 'OPTIONS';
  /** Without its query string. */
  readonly url: string;
  /** The answer's status, when one came. */
  readonly status?: number;
  /** How long the call took, in ms. */
  readonly durationMs: number;
  /** True when the emulator took the answer as a success. */
  readonly ok: boolean;
  /** What the emulator made of the answer, in words. */
  readonly outcome: string;
}

/** An action taken from the inspector, run as the REST operation it names. */
export interface ActionEvent extends TimelineEventBase {
  /** What the event is. */
  readonly kind: 'action';
  /** The REST operation it ran (operationId). */
  readonly operation: string;
  /** The operation's HTTP method. */
  readonly method: string;
  /** The operation's path. */
  readonly path: string;
  /** The status the operation answered. */
  readonly status: number;
  /** The operation's error message, when it failed. */
  readonly error?: string;
}

/** One event of the timeline, told apart by `kind`. */
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
