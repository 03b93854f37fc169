// Reads the CloudEvents headers of a Web PubSub event into the ConnectionContext the app's callbacks
// get, and writes connection state back (`ce-connectionState`: base64 of a JSON object).
import { base64ToUtf8, utf8ToBase64 } from '../shared/base64.js';
import type { HeaderLookup } from '../shared/http.js';
import type { ConnectionContext } from './requests.js';

/** The headers every event must carry; checked before the signature. */
export interface RequiredHeaders {
  hub: string;
  connectionId: string;
  origin: string;
  signature: string | null;
}

const EVENT_TYPE_PREFIX = 'azure.webpubsub.';

export function readContext(
  header: HeaderLookup,
  required: RequiredHeaders,
  eventType: string,
): ConnectionContext {
  const physicalConnectionId = header('ce-physicalconnectionid');
  const subprotocol = header('ce-subprotocol');
  const context: ConnectionContext = {
    hub: required.hub,
    connectionId: required.connectionId,
    // The docs' own examples disagree with ce-type at times; ce-eventName wins when present.
    eventName: header('ce-eventname') ?? eventType.slice(eventType.lastIndexOf('.') + 1),
    origin: required.origin,
    states: readStates(header('ce-connectionstate')),
    clientProtocol: 'default',
  } as ConnectionContext;
  const userId = header('ce-userid');
  if (userId !== null) context.userId = userId;
  if (subprotocol !== null) context.subprotocol = subprotocol;
  // Every MQTT event carries ce-physicalConnectionId (reference-mqtt-cloud-events.md); the connect
  // example there has no ce-subprotocol, so that header cannot be required.
  if (physicalConnectionId !== null && (subprotocol === null || /mqtt/i.test(subprotocol))) {
    context.clientProtocol = 'mqtt';
    context.mqtt = { physicalConnectionId };
    const sessionId = header('ce-sessionid');
    if (sessionId !== null) context.mqtt.sessionId = sessionId;
  }
  // Not enumerable: JSON.stringify(request) and console.log leave the signature out.
  Object.defineProperty(context, 'signature', {
    value: required.signature ?? '',
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return context;
}

/** The state object, or {} when there is none or it is not base64 JSON of an object (as upstream). */
function readStates(value: string | null): Record<string, unknown> {
  if (!value) return {};
  const text = base64ToUtf8(value);
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function stateHeader(states: Record<string, unknown>): Record<string, string> {
  return { 'ce-connectionstate': utf8ToBase64(JSON.stringify(states)) };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type EventKind = 'connect' | 'connected' | 'disconnected' | 'joined' | 'left' | 'user';

/** The kind of event a `ce-type` names, or undefined when it is not a Web PubSub event type. */
export function eventKindOf(type: string | null): EventKind | undefined {
  if (type === null || !type.startsWith(EVENT_TYPE_PREFIX)) return undefined;
  const rest = type.slice(EVENT_TYPE_PREFIX.length);
  if (rest.startsWith('user.') && rest.length > 5) return 'user';
  switch (rest) {
    case 'sys.connect':
      return 'connect';
    case 'sys.connected':
      return 'connected';
    case 'sys.disconnected':
      return 'disconnected';
    case 'gp.joined':
      return 'joined';
    case 'gp.left':
      return 'left';
    default:
      return undefined;
  }
}
