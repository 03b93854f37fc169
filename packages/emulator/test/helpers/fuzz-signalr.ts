// Fuzz input for SignalR's MessagePack hub protocol: hub messages with random fields written by the
// official @microsoft/signalr-protocol-msgpack, random MessagePack values and random bytes, each
// behind a VarInt length prefix as HubProtocol.md specifies it.
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import type { WsFrame } from './fuzz-arbitraries.js';

const official = new MessagePackHubProtocol();

/** The documented framing: the length in 7-bit groups, least significant first. */
function prefixed(payload: Uint8Array): Buffer {
  const prefix: number[] = [];
  let length = payload.length;
  do {
    prefix.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
    length = Math.floor(length / 128);
  } while (length > 0);
  return Buffer.concat([Buffer.from(prefix), payload]);
}

const field = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', 'a'.repeat(300), -1, 1.5, 2 ** 53, null, true),
  fc.uint8Array({ maxLength: 20 }),
);

const hubMessage = fc
  .record({
    type: fc.integer({ min: 1, max: 9 }),
    headers: fc.oneof(fc.constant({}), fc.dictionary(fc.string(), fc.string()), field),
    invocationId: field,
    target: field,
    arguments: fc.oneof(fc.array(field, { maxLength: 3 }), field),
    streamIds: fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }),
    item: field,
    result: field,
    error: fc.option(fc.string(), { nil: undefined }),
    sequenceId: fc.nat(),
  })
  .map((m) => Buffer.from(official.writeMessage(m as never)));

const record = fc.oneof(
  { weight: 5, arbitrary: hubMessage },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => prefixed(encode(v))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map(prefixed) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
  },
);

export const signalRMessagePackFrame: fc.Arbitrary<WsFrame & { readonly split: boolean }> = fc
  .tuple(fc.array(record, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([records, split]) => {
    const data = Buffer.concat(records);
    return Object.assign(
      { data, binary: true, split },
      { [fc.toStringMethod]: () => `binary ${data.toString('hex').slice(0, 200)}` },
    );
  });
