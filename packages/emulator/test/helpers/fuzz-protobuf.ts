// fast-check frames for the protobuf subprotocols: UpstreamMessages of every kind with random fields,
// encoded from the documented schema (protobuf-docs.ts), plus random bytes and text frames.
import fc from 'fast-check';
import { Any, upstream } from './protobuf-docs.js';

const group = fc.oneof(
  fc.constantFrom('room', '', ' ', 'a'.repeat(1025)),
  fc.string({ maxLength: 12 }),
);
const ackId = fc.option(fc.oneof(fc.nat(20), fc.constant(2 ** 60)), { nil: undefined });
const metadata = fc.dictionary(
  fc.oneof(fc.constantFrom('k', 'trace-id', 'bad key', 'é'), fc.string({ maxLength: 6 })),
  fc.string({ maxLength: 12 }),
  { maxKeys: 3 },
);
const data = fc.oneof(
  fc.string({ maxLength: 40 }).map((textData) => ({ textData })),
  fc.uint8Array({ maxLength: 40 }).map((binaryData) => ({ binaryData })),
  fc
    .oneof(fc.json({ maxDepth: 2 }), fc.string({ maxLength: 10 }))
    .map((jsonData) => ({ jsonData })),
  fc
    .record({ type_url: fc.string({ maxLength: 20 }), value: fc.uint8Array({ maxLength: 20 }) })
    .map((any) => ({ protobufData: Any.fromObject(any) })),
  fc.constant({}),
);

const message = fc.oneof(
  fc.record({ group, ackId }).map((m) => ({ joinGroupMessage: m })),
  fc.record({ group, ackId }).map((m) => ({ leaveGroupMessage: m })),
  fc
    .record({ group, ackId, data, noEcho: fc.boolean(), metadata })
    .map((m) => ({ sendToGroupMessage: m })),
  fc
    .record({
      event: fc.oneof(fc.constant(''), fc.string({ maxLength: 10 })),
      ackId,
      data,
      metadata,
    })
    .map((m) => ({ eventMessage: m })),
  fc.nat().map((sequenceId) => ({ sequenceAckMessage: { sequenceId } })),
  fc.constant({ pingMessage: {} }),
  fc.constant({}),
);

/** Drops undefined fields, which protobufjs' verify() refuses. */
const defined = (value: unknown): unknown =>
  value && typeof value === 'object' && !(value instanceof Uint8Array) && !ArrayBuffer.isView(value)
    ? Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, defined(v)]),
      )
    : value;

export const protobufFrame = fc.oneof(
  {
    weight: 6,
    arbitrary: message.map((m) => ({
      data: upstream(defined(m) as Record<string, unknown>),
      binary: true,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 200 }).map((d) => ({ data: d, binary: true })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }).map((d) => ({ data: d, binary: false })) },
);
