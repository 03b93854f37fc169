// The HTTP requests Web PubSub sends to event handlers: CloudEvents in binary mode
// (reference-cloud-events.md). Headers: `ce-specversion`, `ce-type`, `ce-source`, `ce-id`, `ce-time`,
// `ce-signature`, `ce-userId`, `ce-connectionId`, `ce-hub`, `ce-eventName`, and when set
// `ce-subprotocol` and `ce-connectionState`; `WebHook-Request-Origin` names the service; and
// `ce-awpsversion: 1.0`, without which `@azure/web-pubsub-express` ignores the request.
import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload } from 'jose';
import type { ConnectRequest } from '../webpubsub/events.js';
import { METADATA_HEADER_PREFIX } from '../webpubsub/protocols/metadata.js';
import type { DataType, Metadata } from '../webpubsub/protocols/types.js';
import { headerValue } from './http-call.js';

/** Request Content-Type per data type; `protobuf` is an encoded google.protobuf.Any (an inference). */
export const CONTENT_TYPES: Readonly<Record<DataType, string>> = {
  text: 'text/plain',
  json: 'application/json',
  binary: 'application/octet-stream',
  protobuf: 'application/x-protobuf',
};

export interface CloudEvent {
  readonly kind: 'sys' | 'user';
  readonly eventName: string;
  readonly hub: string;
  readonly connectionId: string;
  readonly userId: string | undefined;
  readonly subprotocol: string | undefined;
  readonly connectionState: string | undefined;
  readonly contentType: string;
  readonly metadata?: Metadata | undefined;
}

let lastEventId = 0;

/** The headers of one event; `signature` and `origin` come from the service. */
export function cloudEventHeaders(
  event: CloudEvent,
  signature: string,
  origin: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': event.contentType,
    'WebHook-Request-Origin': origin,
    'ce-specversion': '1.0',
    'ce-awpsversion': '1.0',
    'ce-type': `azure.webpubsub.${event.kind}.${event.eventName}`,
    'ce-source': `/hubs/${event.hub}/client/${event.connectionId}`,
    // Unique across the emulator, so unique per source as CloudEvents asks.
    'ce-id': String(++lastEventId),
    'ce-time': new Date().toISOString(),
    'ce-signature': signature,
    'ce-hub': event.hub,
    'ce-connectionId': event.connectionId,
    'ce-eventName': event.eventName,
  };
  if (event.userId !== undefined) headers['ce-userId'] = headerValue(event.userId);
  if (event.subprotocol !== undefined) headers['ce-subprotocol'] = event.subprotocol;
  if (event.connectionState) headers['ce-connectionState'] = event.connectionState;
  // Message metadata travels as X-WebPubSub-Metadata-<key> headers, as in Microsoft's emulator.
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    headers[`${METADATA_HEADER_PREFIX}${key.toLowerCase()}`] = value;
  }
  return headers;
}

/** The `connect` body: `{claims, query, headers, subprotocols, clientCertificates}`, values as lists. */
export function connectBody(request: ConnectRequest): Buffer {
  return Buffer.from(
    JSON.stringify({
      claims: claimLists(request.claims),
      query: request.query,
      headers: headerLists(request.headers),
      subprotocols: request.subprotocols,
      clientCertificates: request.clientCertificates,
    }),
  );
}

/** Each claim as a list of strings, as the service sends them. */
function claimLists(claims: JWTPayload): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    const values = Array.isArray(value) ? value : [value];
    lists[name] = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  }
  return lists;
}

/** The handshake's headers as lists, without `Authorization` (it holds the client's token). */
function headerLists(headers: IncomingHttpHeaders): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'authorization') continue;
    lists[name] = Array.isArray(value) ? value : [value];
  }
  return lists;
}
