// An oversize frame closes the socket with 1009 every time, on both services' WebSocket endpoints.
// (Before: the 'error' listener terminated the socket before ws flushed its 1009 close frame, and the
// client saw 1006 in about one try out of six.)
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, signToken, startTestEmulator, WsProbe } from './helpers.js';

const TRIES = 40;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

// Well past the limit: the client is still sending when the server refuses the frame.
const oversize = Buffer.alloc(2 * 1024 * 1024, 0x61);

async function closeCodes(open: () => Promise<WsProbe>): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    const probe = await open();
    // The client reads late, as a busy client does: whatever the server sent must still be there.
    const raw = (probe.socket as unknown as { _socket: Duplex })._socket;
    raw.pause();
    probe.socket.send(oversize, { binary: i % 2 === 0 });
    await new Promise((r) => setTimeout(r, 30));
    raw.resume();
    codes.push((await probe.closed).code);
  }
  return codes;
}

it(`closes Web PubSub sockets with 1009 on an oversize frame, ${TRIES} times out of ${TRIES}`, async () => {
  const aud = `${emulator.webPubSub.endpoint}/client/hubs/big`;
  const token = await signToken({ aud });
  const url = `${aud.replace(/^http/, 'ws')}?access_token=${token}`;
  let n = 0;
  const codes = await closeCodes(() =>
    WsProbe.connect(url, n++ % 2 ? 'json.webpubsub.azure.v1' : undefined),
  );
  expect(codes).toEqual(codes.map(() => 1009));
}, 30_000);

it(`closes SignalR sockets with 1009 on an oversize frame, ${TRIES} times out of ${TRIES}`, async () => {
  const aud = `${emulator.signalR.endpoint}/client/?hub=big`;
  const url = `${aud.replace(/^http/, 'ws')}&access_token=${await signToken({ aud })}`;
  const codes = await closeCodes(async () => {
    const probe = await WsProbe.connect(url);
    probe.socket.send('{"protocol":"json","version":1}\x1e');
    await probe.next();
    return probe;
  });
  expect(codes).toEqual(codes.map(() => 1009));
}, 30_000);
