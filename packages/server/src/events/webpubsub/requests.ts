// What the Web PubSub service tells the app, as the handler hands it to the app's callbacks. Names and
// shapes are those of `@azure/web-pubsub-express` 1.1.0, so code written against it type-checks here;
// the fields come from the CloudEvents extension the service sends (docs: reference-cloud-events.md and
// reference-mqtt-cloud-events.md).
import type { MqttDisconnectReasonCode } from './mqtt-codes.js';

/** The kind of client: a Web PubSub WebSocket client (`default`) or an MQTT client (`mqtt`). */
export type WebPubSubClientProtocol = 'default' | 'mqtt';

/** The client connection an event is about, from the request's `ce-*` headers. */
export interface ConnectionContext {
  /**
   * The request's `ce-signature` header, as sent. It is not enumerable, so `JSON.stringify` and
   * console output of a request leave it out: it proves the connection id to anyone who has it.
   */
  signature: string;
  /** The hub the connection belongs to (`ce-hub`). */
  hub: string;
  /** The connection id (`ce-connectionId`); for MQTT clients, the client id. */
  connectionId: string;
  /** The event name without prefix (`ce-eventName`), for example `connect` or `message`. */
  eventName: string;
  /** The service host that sent the event (`WebHook-Request-Origin`). */
  origin: string;
  /** The user id of the connection (`ce-userId`), when it has one. */
  userId?: string;
  /** The subprotocol the client uses (`ce-subprotocol`), when it uses one. */
  subprotocol?: string;
  /**
   * The connection's state (`ce-connectionState`, base64 of a JSON object), as set by earlier
   * responses with `setState`. Empty when the connection has none.
   */
  // biome-ignore lint/suspicious/noExplicitAny: as upstream, so drop-in code reading states type-checks
  states: Record<string, any>;
  /** `mqtt` for MQTT clients, else `default`. */
  clientProtocol: WebPubSubClientProtocol;
  /** MQTT clients only: the ids of the physical connection and the session. */
  mqtt?: MqttConnectionContextProperties;
}

/** The ids the service gives an MQTT client's connection. */
export interface MqttConnectionContextProperties {
  /** The id of the physical connection (`ce-physicalConnectionId`); do not parse it. */
  physicalConnectionId: string;
  /** The id of the MQTT session (`ce-sessionId`); absent in the `connect` event. */
  sessionId?: string;
}

/** A client certificate the client connected with. */
export interface Certificate {
  /** The certificate's SHA-1 thumbprint. */
  thumbprint: string;
  /** The certificate in PEM format, when the service forwards it. */
  content?: string;
}

/** The `connect` event: a client asks to connect; the answer accepts (and shapes) or refuses it. */
export interface ConnectRequest {
  /** The connection. */
  context: ConnectionContext;
  /** The claims of the client's access token, each with its values. */
  claims?: Record<string, string[]>;
  /**
   * The query of the client's connect request.
   * @deprecated Use `queries` (the same values).
   */
  query?: Record<string, string[]>;
  /** The query of the client's connect request, each parameter with its values. */
  queries?: Record<string, string[]>;
  /** The headers of the client's connect request. */
  headers?: Record<string, string[]>;
  /** The WebSocket subprotocols the client offers. */
  subprotocols?: string[];
  /** The client certificates, when client certificate authentication is on. */
  clientCertificates?: Certificate[];
}

/** The `connect` event of an MQTT client. */
export interface MqttConnectRequest extends ConnectRequest {
  /** The fields of the MQTT CONNECT packet. */
  mqtt: MqttConnectProperties;
}

/** Fields of an MQTT CONNECT packet. */
export interface MqttConnectProperties {
  /** The MQTT protocol version: 4 (3.1.1) or 5 (5.0). */
  protocolVersion: number;
  /** The Username field. */
  username?: string;
  /** The Password field, base64-encoded. */
  password?: string;
  /** The user properties (MQTT 5.0 only). */
  userProperties?: MqttUserProperty[];
}

/** An MQTT user property: a name and a value. */
export interface MqttUserProperty {
  /** The property name. */
  name: string;
  /** The property value. */
  value: string;
}

/** The `connected` event: the client completed the WebSocket handshake. */
export interface ConnectedRequest {
  /** The connection. */
  context: ConnectionContext;
}

/** A group-joined event (`ce-type: azure.webpubsub.gp.joined`). */
export interface GroupJoinedRequest {
  /** The connection. */
  context: ConnectionContext;
  /** The group the connection joined. */
  group: string;
}

/** A group-left event (`ce-type: azure.webpubsub.gp.left`). */
export interface GroupLeftRequest {
  /** The connection. */
  context: ConnectionContext;
  /** The group the connection left. */
  group: string;
}

/**
 * A user event: a message from a plain WebSocket client (`message`), or an `event` sent with the
 * `json.webpubsub.azure.v1` subprotocol. `dataType` follows the request's Content-Type.
 */
export type UserEventRequest =
  | {
      /** The connection. */
      context: ConnectionContext;
      /** The text (`text/plain`). */
      data: string;
      /** `text` */
      dataType: 'text';
    }
  | {
      /** The connection. */
      context: ConnectionContext;
      /** The parsed JSON value (`application/json`). */
      data: unknown;
      /** `json` */
      dataType: 'json';
    }
  | {
      /** The connection. */
      context: ConnectionContext;
      /** The bytes (`application/octet-stream`). */
      data: ArrayBuffer;
      /** `binary` */
      dataType: 'binary';
    };

/** The `disconnected` event: the connection ended (always sent after a successful `connect`). */
export interface DisconnectedRequest {
  /** The connection. */
  context: ConnectionContext;
  /** Why the connection ended, when known. */
  reason?: string;
}

/** The `disconnected` event of an MQTT session. */
export interface MqttDisconnectedRequest extends DisconnectedRequest {
  /** How the MQTT connection ended. */
  mqtt: MqttDisconnectedProperties;
}

/** How an MQTT connection ended. */
export interface MqttDisconnectedProperties {
  /** The last DISCONNECT packet, or null when none was sent (a network failure). */
  disconnectPacket: MqttDisconnectPacket;
  /** True when the client sent the DISCONNECT packet. */
  initiatedByClient: boolean;
}

/** An MQTT DISCONNECT packet. */
export interface MqttDisconnectPacket {
  /** The reason code (0 for MQTT 3.1.1 clients). */
  code: MqttDisconnectReasonCode;
  /** The user properties (MQTT 5.0 only). */
  userProperties?: MqttUserProperty[];
}
