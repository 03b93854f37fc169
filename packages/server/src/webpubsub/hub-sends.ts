// The raw send calls behind WebPubSubServiceClient's send methods, on an already built payload and
// checked query, so fan-out sends serialize and check once.
import {
  webPubSubSendToAll,
  webPubSubSendToConnection,
  webPubSubSendToGroup,
  webPubSubSendToUser,
} from '@hubcast/webpubsub-rest';
import { checkConcurrency, type FanOutOptions, type FanOutResult, fanOut } from '../fan-out.js';
import type { OperationOptions } from '../operation-options.js';
import { directBody, expectSuccess } from '../transport.js';
import type { HubContext, SendQuery } from './context.js';
import { hubRequest } from './hub-request.js';
import { type Payload, payloadFor } from './message.js';
import { checkSendQuery, type HubSendToAllOptions } from './send-options.js';

export type SendPayload = (
  hub: HubContext,
  target: string,
  payload: Payload,
  query: SendQuery,
  options?: OperationOptions,
) => Promise<void>;

export async function sendPayloadToAll(
  hub: HubContext,
  payload: Payload,
  query: SendQuery,
  options?: OperationOptions,
): Promise<void> {
  // The whole checked query: a broadcast takes all of excluded, filter and messageTtlSeconds.
  expectSuccess(
    await webPubSubSendToAll(Object.assign(hubRequest(hub, {}, query, options), bodyOf(payload))),
  );
}

export async function sendPayloadToUser(
  hub: HubContext,
  userId: string,
  payload: Payload,
  query: SendQuery,
  options?: OperationOptions,
): Promise<void> {
  const { filter, messageTtlSeconds } = query;
  expectSuccess(
    await webPubSubSendToUser(
      Object.assign(
        hubRequest(hub, { userId }, { filter, messageTtlSeconds }, options),
        bodyOf(payload),
      ),
    ),
  );
}

export async function sendPayloadToConnection(
  hub: HubContext,
  connectionId: string,
  payload: Payload,
  query: SendQuery,
  options?: OperationOptions,
): Promise<void> {
  const { messageTtlSeconds } = query;
  expectSuccess(
    await webPubSubSendToConnection(
      Object.assign(
        hubRequest(hub, { connectionId }, { messageTtlSeconds }, options),
        bodyOf(payload),
      ),
    ),
  );
}

export async function sendPayloadToGroup(
  hub: HubContext,
  group: string,
  payload: Payload,
  query: SendQuery,
  options?: OperationOptions,
): Promise<void> {
  expectSuccess(
    await webPubSubSendToGroup(
      Object.assign(hubRequest(hub, { group }, query, options), bodyOf(payload)),
    ),
  );
}

/** Sends one message to many targets: serialized and checked once, one settled result per target. */
export function fanOutSend(
  hub: HubContext,
  targets: string[],
  message: unknown,
  options: HubSendToAllOptions & FanOutOptions,
  send: SendPayload,
): Promise<FanOutResult[]> {
  const payload = payloadFor(message, options.contentType);
  const query = checkSendQuery(options);
  const concurrency = checkConcurrency(options.concurrency);
  return fanOut(targets, concurrency, (target) => send(hub, target, payload, query, options));
}

/** The body and content type of a send, passed straight to fetch. */
function bodyOf(payload: Payload) {
  return directBody(payload.body as BodyInit, payload.contentType);
}
