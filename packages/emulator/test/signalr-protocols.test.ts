// The hub protocols against the official client's own codecs: frames written by @microsoft/signalr
// (JSON) and @microsoft/signalr-protocol-msgpack are read back whole however they are split, and
// what the emulator writes parses in the official client as the same message.
import { JsonHubProtocol, MessageType, NullLogger } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type HubProtocol,
  HubProtocolError,
  jsonProtocol,
  messagePackProtocol,
  OversizeMessageError,
} from '../src/signalr/protocols/index.js';

const official = {
  json: new JsonHubProtocol(),
  messagepack: new MessagePackHubProtocol(),
};
const protocols: [string, HubProtocol, JsonHubProtocol | MessagePackHubProtocol][] = [
  ['json', jsonProtocol, official.json],
  ['messagepack', messagePackProtocol, official.messagepack],
];

function officialBytes(
  protocol: JsonHubProtocol | MessagePackHubProtocol,
  message: object,
): Buffer {
  const written = protocol.writeMessage(message as never);
  return typeof written === 'string' ? Buffer.from(written) : Buffer.from(written as ArrayBuffer);
}

function officialParse(protocol: JsonHubProtocol | MessagePackHubProtocol, bytes: Buffer) {
  const input =
    protocol === official.json
      ? bytes.toString()
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return protocol.parseMessages(input as never, NullLogger.instance);
}

const invocations = fc.array(
  fc.record({
    target: fc.string({ minLength: 1, maxLength: 20 }),
    // No "__proto__" keys: the MessagePack reader refuses them on purpose (tested below).
    args: fc.array(
      fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('"__proto__":')),
      { maxLength: 4 },
    ),
    // Sizes that need one, two and three length-prefix bytes in MessagePack.
    padding: fc.constantFrom(0, 200, 20_000),
    id: fc.option(fc.nat().map(String), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 6 },
);

describe.each(protocols)('the %s hub protocol', (_, ours, theirs) => {
  it('reads messages written by the official client, however the bytes are split', () => {
    fc.assert(
      fc.property(invocations, fc.array(fc.nat(), { maxLength: 8 }), (messages, cuts) => {
        const sent = messages.map(({ target, args, padding, id }) => ({
          type: MessageType.Invocation,
          target,
          arguments: [...args, 'p'.repeat(padding)],
          ...(id === undefined ? {} : { invocationId: id }),
        }));
        const wire = Buffer.concat(sent.map((m) => officialBytes(theirs, m)));
        const reader = ours.createReader(1024 * 1024);
        const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
        const payloads: Buffer[] = [];
        let start = 0;
        for (const point of [...points, wire.length]) {
          payloads.push(...reader.push(wire.subarray(start, point)));
          start = point;
        }
        const decoded = payloads.map((p) => ours.decode(p));
        expect(decoded).toEqual(
          sent.map((m) =>
            expect.objectContaining({ ...m, arguments: JSON.parse(JSON.stringify(m.arguments)) }),
          ),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('writes invocations, completions, pings and closes the official client parses', () => {
    const written = Buffer.concat([
      ours.encodeInvocation('newMessage', ['héllo', { n: [1, 2.5] }, null]),
      ours.encodeCompletion('1', { result: { ok: true } }),
      ours.encodeCompletion('2', { error: 'failed' }),
      ours.encodeCompletion('3', {}),
      ours.encodePing(),
      ours.encodeClose('bye', false),
    ]);
    expect(officialParse(theirs, written)).toMatchObject([
      { type: 1, target: 'newMessage', arguments: ['héllo', { n: [1, 2.5] }, null] },
      { type: 3, invocationId: '1', result: { ok: true } },
      { type: 3, invocationId: '2', error: 'failed' },
      { type: 3, invocationId: '3' },
      { type: 6 },
      { type: 7, error: 'bye', allowReconnect: false },
    ]);
  });

  it('refuses a message over the size limit, and an unfinished one that outgrows it', () => {
    const big = officialBytes(theirs, { type: 1, target: 't', arguments: ['x'.repeat(2000)] });
    expect(() => ours.createReader(1000).push(big)).toThrow(OversizeMessageError);
    const reader = ours.createReader(1000);
    expect(() => {
      for (let i = 0; i < big.length; i += 100) reader.push(big.subarray(i, i + 100));
    }).toThrow(OversizeMessageError);
  });
});

describe('malformed messages', () => {
  it.each([
    ['{"type":1,"arguments":[]}', "Missing required property 'target'."],
    ['{"type":1,"target":"t"}', "Missing required property 'arguments'."],
    ['{"type":"1","target":"t","arguments":[]}', "Expected 'type' to be of type Integer."],
    ['{"type":1,"target":"t","arguments":{}}', "Expected 'arguments' to be an Array."],
    ['[1]', 'A hub message must be a JSON object.'],
    ['{"type":', 'Invalid JSON hub protocol message.'],
    [
      `{"type":1,"target":"t","arguments":${'['.repeat(64)}${']'.repeat(64)}}`,
      'nested deeper than 64',
    ],
  ])('JSON %s is refused: %s', (text, error) => {
    expect(() => jsonProtocol.decode(Buffer.from(text))).toThrow(error);
  });

  it('MessagePack: a bad prefix, a non-array and a short invocation are refused', () => {
    const reader = messagePackProtocol.createReader(1024);
    expect(() => reader.push(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(
      HubProtocolError,
    );
    expect(() => messagePackProtocol.decode(Buffer.from([0xa1, 0x61]))).toThrow(/array/);
    expect(() => messagePackProtocol.decode(Buffer.from([0x92, 0x01, 0x80]))).toThrow(
      /Invalid payload for Invocation/,
    );
    expect(() => messagePackProtocol.decode(Buffer.from([0xc1]))).toThrow(HubProtocolError);
  });

  it('MessagePack: a "__proto__" map key is refused with a message that names it', () => {
    const wire = officialBytes(official.messagepack, {
      type: MessageType.Invocation,
      target: 'send',
      arguments: [JSON.parse('{"__proto__":0}')],
    });
    const [payload] = messagePackProtocol.createReader(1024).push(wire);
    expect(() => messagePackProtocol.decode(payload as Buffer)).toThrow(
      /key __proto__ is not allowed/,
    );
  });
});
