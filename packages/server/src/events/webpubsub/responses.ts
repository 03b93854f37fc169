// How the app answers the Web PubSub service: the connect answer and the reply objects its callbacks
// get. Names and shapes are those of `@azure/web-pubsub-express` 1.1.0.
import type { MqttV311ConnectReturnCode, MqttV500ConnectReasonCode } from './mqtt-codes.js';
import type { MqttUserProperty } from './requests.js';

/** A successful answer to `connect`: what the service should make of the new connection. */
export interface ConnectResponse {
  /** Groups the connection joins at once. */
  groups?: string[];
  /** Roles (permissions) of the connection, for example `webpubsub.sendToGroup`. */
  roles?: string[];
  /** The user id of the connection (needed when the client's token names none). */
  userId?: string;
  /** The subprotocol to complete the WebSocket handshake with (one the client offered). */
  subprotocol?: string;
}

/** A successful answer to an MQTT client's `connect`. */
export interface MqttConnectResponse extends ConnectResponse {
  /** MQTT properties of the CONNACK packet. */
  mqtt?: MqttConnectResponseProperties;
}

/** MQTT properties of a successful CONNACK. */
export interface MqttConnectResponseProperties {
  /** User properties for the client (MQTT 5.0 only). */
  userProperties?: MqttUserProperty[];
}

/** A refusal of `connect`. */
export interface ConnectErrorResponse {
  /** The HTTP status the client's handshake fails with. */
  code: 400 | 401 | 500;
  /** A message for the client. */
  detail?: string;
}

/** A refusal of an MQTT client's `connect`, with the CONNACK code the client sees. */
export interface MqttConnectErrorResponse {
  /** The MQTT failure. */
  mqtt: MqttConnectErrorResponseProperties;
}

/** The MQTT failure of a refused connect. */
export interface MqttConnectErrorResponseProperties {
  /** The CONNACK return code (3.1.1) or reason code (5.0). */
  code: MqttV311ConnectReturnCode | MqttV500ConnectReasonCode;
  /** A reason string (MQTT 5.0 only). */
  reason?: string;
  /** User properties (MQTT 5.0 only). */
  userProperties?: MqttUserProperty[];
}

/** The reply object of `handleConnect`: call `success`, `fail` or `failWith` once. */
export interface ConnectResponseHandler {
  /** Sets a connection state value; the service keeps it and sends it with later events. */
  setState(name: string, value: unknown): void;
  /** Accepts the connection, optionally with a user id, groups, roles or a subprotocol. */
  success(response?: ConnectResponse | MqttConnectResponse): void;
  /** Refuses the connection with an HTTP status and a message. */
  fail(code: 400 | 401 | 500, detail?: string): void;
  /** Refuses the connection, with an MQTT code for MQTT clients. */
  failWith(response: ConnectErrorResponse | MqttConnectErrorResponse): void;
}

/** The reply object of `handleUserEvent`: call `success` or `fail` once. */
export interface UserEventResponseHandler {
  /** Sets a connection state value; the service keeps it and sends it with later events. */
  setState(name: string, value: unknown): void;
  /**
   * Answers the event; the service sends `data` back to the client as `dataType` (default `binary`).
   * With no data the client gets nothing. For `json`, pass the JSON text (a value that is not a string
   * or bytes is serialized with `JSON.stringify`).
   */
  success(
    data?: string | ArrayBuffer | ArrayBufferView,
    dataType?: 'binary' | 'text' | 'json',
  ): void;
  /** Fails the event with an HTTP status and a message; the service closes the connection. */
  fail(code: 400 | 401 | 500, detail?: string): void;
}
