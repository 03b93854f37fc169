// Input checks of SignalRServiceClient's methods that are more than one validation call. Each throws a
// TypeError or RangeError naming the parameter, before any request.
import {
  CLOSE_USER_MAX_LENGTH,
  optionalString,
  optionalStringArray,
  requireBodySize,
  requireId,
  requireIdUpTo,
  STREAM_ID_MAX_LENGTH,
} from '../validation.js';
import type { SignalRCloseConnectionsOptions, SignalRSendOptions } from './client-options.js';

/** The JSON `serialize` makes, or a TypeError naming `name` (BigInts and cycles cannot be sent). */
function jsonOf(serialize: () => string | undefined, name: string): string | undefined {
  try {
    return serialize();
  } catch (error) {
    // Say why without echoing the value.
    throw new TypeError(`${name} must be JSON-serializable (${(error as Error).name})`);
  }
}

/** The serialized PayloadMessage of `target(...args)`, in the casing `serialize` writes, at most 1 MB. */
export function payloadOf(
  serialize: (target: string, args: readonly unknown[]) => string,
  target: unknown,
  args: unknown,
): string {
  requireId(target, 'target');
  if (args !== undefined && !Array.isArray(args)) throw new TypeError('args must be an array');
  const body = jsonOf(() => serialize(target as string, args ?? []), 'args') as string;
  return requireBodySize(body, `the request body of ${target}(args)`);
}

export function excludedOf(options: SignalRSendOptions): string[] | undefined {
  return optionalStringArray(options.excluded, 'options.excluded', requireId);
}

export function closeQuery(options: SignalRCloseConnectionsOptions) {
  return {
    excluded: excludedOf(options),
    reason: optionalString(options.reason, 'options.reason'),
  };
}

/** closeUserConnections takes users of at most 1024 characters. */
export function checkCloseUser(userId: unknown): string {
  return requireIdUpTo(userId, 'userId', CLOSE_USER_MAX_LENGTH);
}

export function checkStream(
  connectionId: unknown,
  streamId: unknown,
  options: { completed?: unknown },
): { id: string; stream: string; completed: boolean | undefined } {
  const id = requireId(connectionId, 'connectionId');
  const stream = requireIdUpTo(streamId, 'streamId', STREAM_ID_MAX_LENGTH);
  const { completed } = options;
  if (completed !== undefined && typeof completed !== 'boolean') {
    throw new TypeError('options.completed must be a boolean');
  }
  return { id, stream, completed };
}

/** A stream item as its JSON text, at most 1 MB; `undefined` is sent as `null`. */
export function streamItemOf(item: unknown): string {
  return requireBodySize(jsonOf(() => JSON.stringify(item), 'item') ?? 'null', 'item');
}
