// Write batching (src/shared/write-batch.ts): frames written to a socket in one event-loop turn leave
// together, in order, without making a fast reader look slow, and nothing held is lost when a socket
// is destroyed on purpose (the emulator's shutdown of SignalR sockets).
import { once } from 'node:events';
import { type AddressInfo, createServer, type Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { BroadcastFrame } from '../src/shared/broadcast-frame.js';
import { sendBounded } from '../src/shared/outbound-bound.js';
import { batchWrites, flushWrites } from '../src/shared/write-batch.js';
import { eventually, signToken, startTestEmulator, WsProbe } from './helpers.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A connected pair on loopback: the writer, and the chunks its peer reads. */
async function pair(): Promise<{ writer: Socket; chunks: Buffer[]; ended: Promise<unknown> }> {
  const chunks: Buffer[] = [];
  let ended!: Promise<unknown>;
  server = createServer((peer) => {
    peer.on('data', (chunk: Buffer) => chunks.push(chunk));
    ended = once(peer, 'close');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const writer = new Socket();
  writer.connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(writer, 'connect');
  writer.setNoDelay(true);
  await new Promise((resolve) => setImmediate(resolve));
  return { writer, chunks, ended };
}

const frames = (n: number, size: number) =>
  Array.from({ length: n }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));

describe('batchWrites', () => {
  it('sends the frames of one turn together and in order', async () => {
    const { writer, chunks } = await pair();
    const sent = frames(20, 40);
    for (const frame of sent) {
      batchWrites(writer, frame.length);
      writer.write(frame);
    }
    // Held until the turn's I/O callbacks are done, then written at once.
    expect(writer.writableLength).toBe(800);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.writableLength).toBe(0);
    const expected = Buffer.concat(sent);
    await eventually(() => Buffer.concat(chunks).length === expected.length);
    expect(Buffer.concat(chunks)).toEqual(expected);
    writer.destroy();
  });

  it('never lets a batch reach the high-water mark, so a fast reader never needs a drain', async () => {
    const { writer, chunks } = await pair();
    const sent = frames(200, 1000); // 200 kB in one turn, more than 12 high-water marks
    let neededDrain = 0;
    for (const frame of sent) {
      batchWrites(writer, frame.length);
      writer.write(frame);
      if (writer.writableNeedDrain) neededDrain++;
      expect(writer.writableLength).toBeLessThan(writer.writableHighWaterMark);
    }
    expect(neededDrain).toBe(0);
    await eventually(() => Buffer.concat(chunks).length === 200_000);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat(sent));
    writer.destroy();
  });

  it('flushWrites sends what a socket holds, so destroying it right after loses nothing', async () => {
    const { writer, chunks, ended } = await pair();
    batchWrites(writer, 5);
    writer.write('last!');
    flushWrites(writer);
    writer.destroy();
    await ended;
    expect(Buffer.concat(chunks).toString()).toBe('last!');
  });
});

/** A ws server's side of one connection, and the official `ws` client at the other end. */
async function wsPair(): Promise<{ serverSide: WebSocket; probe: WsProbe; close(): void }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await once(wss, 'listening');
  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const probe = await WsProbe.connect(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const [serverSide] = await accepted;
  return { serverSide, probe, close: () => wss.close() };
}

describe('batched WebSocket frames', () => {
  it('keep their order across shared frames and single sends, and the close frame comes last', async () => {
    const { serverSide, probe, close } = await wsPair();
    const expected: string[] = [];
    for (let i = 0; i < 30; i++) {
      const text = `message ${i}`;
      expected.push(text);
      if (i % 3 === 0) new BroadcastFrame(Buffer.from(text), false).sendTo(serverSide);
      else sendBounded(serverSide, Buffer.from(text), false);
    }
    // In the same turn as the sends, while they are still held.
    serverSide.close(4000, 'done');
    const { code, reason } = await probe.closed;
    expect(probe.frames.map((f) => f.data.toString())).toEqual(expected);
    expect({ code, reason }).toEqual({ code: 4000, reason: 'done' });
    close();
  });

  it('still bound a reader that stopped reading (1008 after 1,000 waiting messages)', async () => {
    const { serverSide, probe, close } = await wsPair();
    (probe.socket as unknown as { _socket: Socket })._socket.pause();
    const payload = Buffer.alloc(1000, 120);
    let turns = 0;
    // One message per turn, as separate REST calls would send them; far more than the kernel holds.
    while (serverSide.readyState === WebSocket.OPEN && turns < 20_000) {
      sendBounded(serverSide, payload, false);
      turns++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(serverSide.readyState).not.toBe(WebSocket.OPEN);
    (probe.socket as unknown as { _socket: Socket })._socket.resume();
    const { code } = await probe.closed;
    expect(code).toBe(1008);
    // Everything written before the bound was reached arrives, in full, before the close.
    expect(probe.frames.length).toBeGreaterThan(1000);
    expect(probe.frames.every((f) => f.data.equals(payload))).toBe(true);
    close();
  });
});

describe('in the emulator', () => {
  it('a SignalR client gets the close message written just before its socket is cut at shutdown', async () => {
    const emulator = await startTestEmulator();
    const url = `${emulator.signalR.endpoint}/client/?hub=chat`;
    const token = await signToken({ aud: url, nameid: 'last' });
    const negotiate = await fetch(
      `${emulator.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    );
    const { connectionToken } = await negotiate.json();
    const probe = await WsProbe.connect(
      `${url.replace(/^http/, 'ws')}&id=${connectionToken}&access_token=${token}`,
    );
    probe.socket.send(`${JSON.stringify({ protocol: 'json', version: 1 })}\x1e`);
    expect((await probe.next()).data.toString()).toBe('{}\x1e');
    await emulator.close();
    const close = JSON.parse((await probe.next()).data.toString().slice(0, -1));
    expect(close).toMatchObject({ type: 7, error: expect.stringContaining('shutting down') });
  });
});
