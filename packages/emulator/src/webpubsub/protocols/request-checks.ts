// Field checks both request codecs share: group names (the REST spec's schema), event names, ackIds.
import { parameterSchema, webPubSubRouteTable } from '../../http/route-table.js';
import { checkValue } from '../../http/validate.js';
import type { DecodeError } from './types.js';

const groupSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_AddConnectionToGroup', 'group');

/** A request the service declines: the connection is closed with 1007 and this reason. */
export class InvalidRequest extends Error {
  override name = 'InvalidRequest';
}

export function declined(reason: string): DecodeError {
  return { type: 'invalid', code: 1007, reason };
}

export function checkedGroup(group: unknown): string {
  if (typeof group !== 'string') throw new InvalidRequest("'group' must be a string.");
  const problem = checkValue(group, groupSchema, 'group');
  if (problem) throw new InvalidRequest(problem);
  return group;
}

export function checkedEventName(event: unknown): string {
  if (typeof event !== 'string' || event.trim() === '') {
    throw new InvalidRequest("'event' must be a non-empty string.");
  }
  return event;
}

/** ackIds are uint64 on the wire; the emulator takes the integers JavaScript holds exactly. */
export function checkedAckId(ackId: unknown): number | undefined {
  if (ackId === undefined || ackId === null) return undefined;
  if (typeof ackId !== 'number' || !Number.isSafeInteger(ackId) || ackId < 0) {
    throw new InvalidRequest("'ackId' must be a non-negative integer.");
  }
  return ackId;
}
