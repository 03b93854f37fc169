// protobuf.webpubsub.azure.v1 and protobuf.reliable.webpubsub.azure.v1 on the wire. There is no
// official protobuf client on npm (@azure/web-pubsub-client-protobuf is not published there), so the
// frames are encoded and decoded by protobufjs from the documented schema (helpers/protobuf-docs.ts),
// independently of the emulator's own definition.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Any, downstream, upstream } from './helpers/protobuf-docs.js';
import {
  type Emulator,
  officialServiceClient,
  signToken,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
let service: WebPubSubServiceClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  service = officialServiceClient(emulator, 'proto');
});
afterAll(() => emulator.close());

const ROLES = ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'];

async function connect(protocol: string | undefined, claims: Record<string, unknown> = {}) {
  const aud = `${emulator.webPubSub.endpoint}/client/hubs/proto`;
  const token = await signToken({ aud, role: ROLES, ...claims });
  return WsProbe.connect(`${aud.replace(/^http/, 'ws')}?access_token=${token}`, protocol);
}

async function next(probe: WsProbe) {
  const frame = await probe.next();
  expect(frame.binary).toBe(true);
  return downstream(frame.data);
}

describe('protobuf.webpubsub.azure.v1', () => {
  it('connects, joins with an ack, and gets REST sends as protobuf data messages', async () => {
    const probe = await connect('protobuf.webpubsub.azure.v1', { sub: 'pat' });
    const connected = (await next(probe)).systemMessage.connectedMessage;
    expect(connected).toEqual({ connectionId: expect.any(String), userId: 'pat' });
    probe.socket.send(upstream({ joinGroupMessage: { group: 'room', ackId: 7 } }));
    expect((await next(probe)).ackMessage).toEqual({ ackId: 7, success: true });

    await service.sendToAll({ hello: 1 });
    await service.group('room').sendToAll('text for room', { contentType: 'text/plain' });
    await service.sendToConnection(connected.connectionId, new Uint8Array([1, 2, 3]).buffer);
    expect((await next(probe)).dataMessage).toEqual({
      from: 'server',
      data: { jsonData: '{"hello":1}', data: 'jsonData' },
    });
    expect((await next(probe)).dataMessage).toEqual({
      from: 'group',
      group: 'room',
      data: { textData: 'text for room', data: 'textData' },
    });
    const binary = (await next(probe)).dataMessage;
    expect(Buffer.from(binary.data.binaryData)).toEqual(Buffer.from([1, 2, 3]));
    probe.socket.send(upstream({ pingMessage: {} }));
    expect(await next(probe)).toMatchObject({ pongMessage: {}, message: 'pongMessage' });
    await probe.close();
  });

  it('publishes protobuf Any data: protobuf, JSON and plain members each get their form', async () => {
    const sender = await connect('protobuf.webpubsub.azure.v1');
    const proto = await connect('protobuf.webpubsub.azure.v1', { 'webpubsub.group': ['g'] });
    const json = await connect('json.webpubsub.azure.v1', { 'webpubsub.group': ['g'] });
    const plain = await connect(undefined, { 'webpubsub.group': ['g'] });
    await Promise.all([next(sender), next(proto), json.next()]);
    const any = {
      type_url: 'type.googleapis.com/azure.webpubsub.TestMessage',
      value: Buffer.from([8, 1]),
    };
    const anyBytes = Buffer.from(Any.encode(Any.fromObject(any)).finish());
    sender.socket.send(
      upstream({
        sendToGroupMessage: {
          group: 'g',
          ackId: 1,
          data: { protobufData: any },
          metadata: { trace: 'abc' },
        },
      }),
    );
    expect((await next(sender)).ackMessage).toEqual({ ackId: 1, success: true });
    const atProto = (await next(proto)).dataMessage;
    expect(atProto).toMatchObject({ from: 'group', group: 'g', metadata: { trace: 'abc' } });
    expect(atProto.data.protobufData).toMatchObject({ type_url: any.type_url });
    expect(Buffer.from(atProto.data.protobufData.value)).toEqual(any.value);
    expect(JSON.parse((await json.next()).data.toString())).toEqual({
      type: 'message',
      from: 'group',
      group: 'g',
      dataType: 'protobuf',
      data: anyBytes.toString('base64'),
      metadata: { trace: 'abc' },
    });
    expect(await plain.next()).toEqual({ data: anyBytes, binary: true });
    await Promise.all([sender, proto, json, plain].map((p) => p.close()));
  });

  it('answers a send without permission with a Forbidden ack, and a duplicate ackId with Duplicate', async () => {
    const aud = `${emulator.webPubSub.endpoint}/client/hubs/proto`;
    const token = await signToken({ aud, role: ['webpubsub.sendToGroup.mine'] });
    const probe = await WsProbe.connect(
      `${aud.replace(/^http/, 'ws')}?access_token=${token}`,
      'protobuf.webpubsub.azure.v1',
    );
    await next(probe);
    const send = (group: string, ackId: number) =>
      upstream({ sendToGroupMessage: { group, ackId, data: { textData: 'x' } } });
    probe.socket.send(send('other', 1));
    const forbidden = (await next(probe)).ackMessage;
    // proto3 leaves `success: false` (the default) off the wire.
    expect(forbidden.success ?? false).toBe(false);
    expect(forbidden).toMatchObject({ ackId: 1, error: { name: 'Forbidden' } });
    probe.socket.send(send('mine', 2));
    expect((await next(probe)).ackMessage).toEqual({ ackId: 2, success: true });
    probe.socket.send(send('mine', 2));
    expect((await next(probe)).ackMessage).toMatchObject({
      ackId: 2,
      error: { name: 'Duplicate' },
    });
    await probe.close();
  });

  it('declines a frame that is not an UpstreamMessage (1007) and a text frame (1003)', async () => {
    const garbage = await connect('protobuf.webpubsub.azure.v1');
    await next(garbage);
    garbage.socket.send(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    const disconnected = await next(garbage);
    expect(disconnected.systemMessage.disconnectedMessage.reason).toMatch(/UpstreamMessage/);
    expect((await garbage.closed).code).toBe(1007);
    const text = await connect('protobuf.webpubsub.azure.v1');
    await next(text);
    text.socket.send('{"type":"ping"}');
    expect((await text.closed).code).toBe(1003);
  });
});

describe('protobuf.reliable.webpubsub.azure.v1', () => {
  it('numbers data messages, and replays the unacknowledged ones after recovery', async () => {
    const protocol = 'protobuf.reliable.webpubsub.azure.v1';
    const probe = await connect(protocol);
    const { connectionId, reconnectionToken } = (await next(probe)).systemMessage.connectedMessage;
    expect(reconnectionToken).toEqual(expect.any(String));
    for (const n of [1, 2, 3]) await service.sendToAll(`m${n}`, { contentType: 'text/plain' });
    const seen = [await next(probe), await next(probe), await next(probe)].map((m) => [
      m.dataMessage.sequenceId,
      m.dataMessage.data.textData,
    ]);
    expect(seen).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [3, 'm3'],
    ]);
    probe.socket.send(upstream({ sequenceAckMessage: { sequenceId: 1 } }));
    await probe.expectSilence(50);
    probe.socket.terminate(); // no close frame: the connection waits for recovery
    await probe.closed;
    await service.sendToAll('m4', { contentType: 'text/plain' });

    const base = `${emulator.webPubSub.endpoint.replace(/^http/, 'ws')}/client/hubs/proto`;
    const query = `awps_connection_id=${connectionId}&awps_reconnection_token=${encodeURIComponent(reconnectionToken)}`;
    const recovered = await WsProbe.connect(`${base}?${query}`, protocol);
    expect((await next(recovered)).systemMessage.connectedMessage.connectionId).toBe(connectionId);
    const replayed = [await next(recovered), await next(recovered), await next(recovered)];
    expect(replayed.map((m) => [m.dataMessage.sequenceId, m.dataMessage.data.textData])).toEqual([
      [2, 'm2'],
      [3, 'm3'],
      [4, 'm4'],
    ]);
    await recovered.expectSilence(100);
    await recovered.close();
  });
});
