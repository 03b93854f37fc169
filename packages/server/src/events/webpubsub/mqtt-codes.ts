// MQTT return and reason codes, as named by `@azure/web-pubsub-express` (values from the MQTT 3.1.1 and
// 5.0 specifications), and the mapping between them and HTTP statuses that the service applies to a
// `connect` answer. Plain objects rather than TypeScript enums: enums compile to code that bundlers
// cannot drop when unused.

/** CONNACK return codes of MQTT 3.1.1, for a refused connect. */
export const MqttV311ConnectReturnCode = {
  /** 0x01: the server does not support the client's protocol level. */
  UnacceptableProtocolVersion: 1,
  /** 0x02: the client id is not allowed. */
  IdentifierRejected: 2,
  /** 0x03: the MQTT service is unavailable. */
  ServerUnavailable: 3,
  /** 0x04: the user name or password is malformed. */
  BadUsernameOrPassword: 4,
  /** 0x05: the client is not authorized to connect. */
  NotAuthorized: 5,
} as const;
/** A CONNACK return code of MQTT 3.1.1. */
export type MqttV311ConnectReturnCode =
  (typeof MqttV311ConnectReturnCode)[keyof typeof MqttV311ConnectReturnCode];

/** CONNACK reason codes of MQTT 5.0, for a refused connect. */
export const MqttV500ConnectReasonCode = {
  /** 0x80: unspecified error. */
  UnspecifiedError: 128,
  /** 0x81: malformed packet. */
  MalformedPacket: 129,
  /** 0x82: protocol error. */
  ProtocolError: 130,
  /** 0x83: implementation specific error. */
  ImplementationSpecificError: 131,
  /** 0x84: unsupported protocol version. */
  UnsupportedProtocolVersion: 132,
  /** 0x85: client identifier not valid. */
  ClientIdentifierNotValid: 133,
  /** 0x86: bad user name or password. */
  BadUserNameOrPassword: 134,
  /** 0x87: not authorized. */
  NotAuthorized: 135,
  /** 0x88: server unavailable. */
  ServerUnavailable: 136,
  /** 0x89: server busy. */
  ServerBusy: 137,
  /** 0x8A: banned. */
  Banned: 138,
  /** 0x8C: bad authentication method. */
  BadAuthenticationMethod: 140,
  /** 0x90: topic name invalid. */
  TopicNameInvalid: 144,
  /** 0x95: packet too large. */
  PacketTooLarge: 149,
  /** 0x97: quota exceeded. */
  QuotaExceeded: 151,
  /** 0x99: payload format invalid. */
  PayloadFormatInvalid: 153,
  /** 0x9A: retain not supported. */
  RetainNotSupported: 154,
  /** 0x9B: QoS not supported. */
  QosNotSupported: 155,
  /** 0x9C: use another server. */
  UseAnotherServer: 156,
  /** 0x9D: server moved. */
  ServerMoved: 157,
  /** 0x9F: connection rate exceeded. */
  ConnectionRateExceeded: 159,
} as const;
/** A CONNACK reason code of MQTT 5.0. */
export type MqttV500ConnectReasonCode =
  (typeof MqttV500ConnectReasonCode)[keyof typeof MqttV500ConnectReasonCode];

/** DISCONNECT reason codes of MQTT 5.0. */
export const MqttDisconnectReasonCode = {
  /** 0x00: normal disconnection. */
  NormalDisconnection: 0,
  /** 0x04: disconnect, and publish the Will Message. */
  DisconnectWithWillMessage: 4,
  /** 0x80: unspecified error. */
  UnspecifiedError: 128,
  /** 0x81: malformed packet. */
  MalformedPacket: 129,
  /** 0x82: protocol error. */
  ProtocolError: 130,
  /** 0x83: implementation specific error. */
  ImplementationSpecificError: 131,
  /** 0x87: not authorized. */
  NotAuthorized: 135,
  /** 0x89: server busy. */
  ServerBusy: 137,
  /** 0x8B: server shutting down. */
  ServerShuttingDown: 139,
  /** 0x8D: keep alive timeout. */
  KeepAliveTimeout: 141,
  /** 0x8E: session taken over. */
  SessionTakenOver: 142,
  /** 0x8F: topic filter invalid. */
  TopicFilterInvalid: 143,
  /** 0x90: topic name invalid. */
  TopicNameInvalid: 144,
  /** 0x93: receive maximum exceeded. */
  ReceiveMaximumExceeded: 147,
  /** 0x94: topic alias invalid. */
  TopicAliasInvalid: 148,
  /** 0x95: packet too large. */
  PacketTooLarge: 149,
  /** 0x96: message rate too high. */
  MessageRateTooHigh: 150,
  /** 0x97: quota exceeded. */
  QuotaExceeded: 151,
  /** 0x98: administrative action. */
  AdministrativeAction: 152,
  /** 0x99: payload format invalid. */
  PayloadFormatInvalid: 153,
  /** 0x9A: retain not supported. */
  RetainNotSupported: 154,
  /** 0x9B: QoS not supported. */
  QosNotSupported: 155,
  /** 0x9C: use another server. */
  UseAnotherServer: 156,
  /** 0x9D: server moved. */
  ServerMoved: 157,
  /** 0x9E: shared subscriptions not supported. */
  SharedSubscriptionsNotSupported: 158,
  /** 0x9F: connection rate exceeded. */
  ConnectionRateExceeded: 159,
  /** 0xA0: maximum connect time. */
  MaximumConnectTime: 160,
  /** 0xA1: subscription identifiers not supported. */
  SubscriptionIdentifiersNotSupported: 161,
  /** 0xA2: wildcard subscriptions not supported. */
  WildcardSubscriptionsNotSupported: 162,
} as const;
/** A DISCONNECT reason code of MQTT 5.0. */
export type MqttDisconnectReasonCode =
  (typeof MqttDisconnectReasonCode)[keyof typeof MqttDisconnectReasonCode];

const V311 = MqttV311ConnectReturnCode;
const V500 = MqttV500ConnectReasonCode;

/** The HTTP status that carries an MQTT connect failure code (the service reads both). */
export function statusOfMqttConnectCode(code: number): number {
  switch (code) {
    case V311.UnacceptableProtocolVersion:
    case V311.IdentifierRejected:
    case V500.ClientIdentifierNotValid:
    case V500.MalformedPacket:
    case V500.UnsupportedProtocolVersion:
    case V500.BadAuthenticationMethod:
    case V500.TopicNameInvalid:
    case V500.PayloadFormatInvalid:
    case V500.ImplementationSpecificError:
    case V500.PacketTooLarge:
    case V500.RetainNotSupported:
    case V500.QosNotSupported:
      return 400;
    case V311.BadUsernameOrPassword:
    case V311.NotAuthorized:
    case V500.NotAuthorized:
    case V500.BadUserNameOrPassword:
      return 401;
    case V500.Banned:
      return 403;
    case V500.QuotaExceeded:
    case V500.ConnectionRateExceeded:
      return 429;
    case V311.ServerUnavailable:
      return 503;
    default:
      return 500;
  }
}

/** The MQTT connect failure code for an HTTP status, in the client's protocol version. */
export function mqttConnectCodeOfStatus(status: number, protocolVersion: unknown): number {
  if (protocolVersion === 5) {
    if (status === 400) return V500.BadUserNameOrPassword;
    if (status === 401) return V500.NotAuthorized;
    return V500.UnspecifiedError;
  }
  if (protocolVersion === 4) {
    if (status === 400) return V311.BadUsernameOrPassword;
    if (status === 401) return V311.NotAuthorized;
    return V311.ServerUnavailable;
  }
  return V311.UnacceptableProtocolVersion;
}
