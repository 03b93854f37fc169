// The reply objects `handleConnect` and `handleUserEvent` get. Each call settles the event's answer:
// a connect answer is JSON (or 204), an MQTT failure carries its CONNACK code, and a user event answer
// is the payload the service relays to the client, typed by its Content-Type.
import { type EventResponse, empty, json, text } from '../shared/http.js';
import { checkFailureStatus, type Reply } from '../shared/reply.js';
import { stateHeader } from './context.js';
import { mqttConnectCodeOfStatus, statusOfMqttConnectCode } from './mqtt-codes.js';
import type { ConnectRequest, MqttConnectRequest } from './requests.js';
import type {
  ConnectErrorResponse,
  ConnectResponseHandler,
  MqttConnectErrorResponse,
  UserEventResponseHandler,
} from './responses.js';

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  binary: 'application/octet-stream',
} as const;

/** A failure answer: the detail as text, or no body. */
function failure(code: number, detail: string | undefined): EventResponse {
  return detail ? text(code, detail) : empty(code);
}

export function connectReply(request: ConnectRequest, reply: Reply): ConnectResponseHandler {
  const { states, clientProtocol } = request.context;
  let modified = false;
  const fail = (code: number, detail?: string) => {
    checkFailureStatus(code);
    if (clientProtocol !== 'mqtt') return reply.send(failure(code, detail));
    // An MQTT client sees a CONNACK code, not a status: translate for its protocol version.
    const version = (request as MqttConnectRequest).mqtt?.protocolVersion;
    reply.send(
      json(code, {
        mqtt: { code: mqttConnectCodeOfStatus(code, version), reason: detail },
      }),
    );
  };
  return {
    setState(name, value) {
      states[name] = value;
      modified = true;
    },
    success(response) {
      const headers = modified ? stateHeader(states) : undefined;
      reply.send(response === undefined ? empty(204, headers) : json(200, response, headers));
    },
    fail,
    failWith(response: ConnectErrorResponse | MqttConnectErrorResponse) {
      if ('mqtt' in response) {
        reply.send(json(statusOfMqttConnectCode(response.mqtt.code), response));
      } else {
        fail(response.code, response.detail);
      }
    },
  };
}

export function userEventReply(
  states: Record<string, unknown>,
  reply: Reply,
): UserEventResponseHandler {
  let modified = false;
  return {
    setState(name, value) {
      states[name] = value;
      modified = true;
    },
    success(data, dataType) {
      const type = dataType === 'json' || dataType === 'text' ? dataType : 'binary';
      const headers: Record<string, string> = { 'content-type': CONTENT_TYPES[type] };
      if (modified) Object.assign(headers, stateHeader(states));
      reply.send({ status: 200, headers, body: payload(data, type) });
    },
    fail(code, detail) {
      reply.send(failure(checkFailureStatus(code), detail));
    },
  };
}

function payload(
  data: unknown,
  type: 'json' | 'text' | 'binary',
): string | ArrayBuffer | Uint8Array {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string' || data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (type === 'json') return JSON.stringify(data);
  throw new TypeError(`data for a ${type} reply must be a string, an ArrayBuffer or a typed array`);
}
