// Slow consumers are bounded in both services: a client that stops reading (its socket paused) is
// closed with 1008 once 1,000 messages or 16 MiB queue up for it, memory stays bounded, and the other
// clients keep receiving everything.

import type { Duplex } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  eventually,
  restCall,
  signToken,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const MB = 1024 * 1024;
const pause = (probe: WsProbe) => (probe.socket as unknown as { _socket: Duplex })._socket.pause();
const resume = (probe: WsProbe) =>
  (probe.socket as unknown as { _socket: Duplex })._socket.resume();

/** ArrayBuffer memory after full collections; V8 frees backing stores on a background task after a GC. */
async function buffersMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().arrayBuffers / MB;
}

async function wpsClient(protocol?: string) {
  const aud = `${emulator.webPubSub.endpoint}/client/hubs/slow`;
  const url = `${aud.replace(/^http/, 'ws')}?access_token=${await signToken({ aud })}`;
  const probe = await WsProbe.connect(url, protocol);
  if (protocol) await probe.nextJson();
  return probe;
}

async function signalRClient() {
  const aud = `${emulator.signalR.endpoint}/client/?hub=slow`;
  const token = await signToken({ aud });
  const probe = await WsProbe.connect(`${aud.replace(/^http/, 'ws')}&access_token=${token}`);
  probe.socket.send('{"protocol":"json","version":1}\x1e');
  await probe.next();
  return probe;
}

describe('slow consumers', () => {
  it('Web PubSub: closes a client that stopped reading with 1008; memory stays bounded; others receive all', async () => {
    const slow = await wpsClient();
    const reader = await wpsClient('json.webpubsub.azure.v1');
    let received = 0;
    reader.socket.on('message', () => {
      received++;
      reader.frames.length = 0; // count, but hold no payloads: only the emulator's memory is measured
    });
    const before = await buffersMb();
    pause(slow);
    const url = `${emulator.webPubSub.endpoint}/api/hubs/slow/:send?api-version=2024-12-01`;
    const body = 'x'.repeat(MB - 100);
    for (let i = 0; i < 80; i++) {
      // Paced for the reader (at most 8 MB behind), so only the paused client falls behind.
      await eventually(() => received >= i - 8, 20_000);
      const r = await restCall('POST', url, { body, contentType: 'text/plain' });
      expect(r.status).toBe(202);
    }
    await eventually(() => received >= 80, 20_000);
    const growth = (await buffersMb()) - before;
    // Unbounded, the paused client alone would hold ~80 MB; the bound keeps its queue near 16 MiB.
    expect(growth).toBeLessThan(40);
    resume(slow);
    const closed = await slow.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/outbound queue is full/);
    await reader.close();
  }, 60_000);

  it('SignalR: closes a client that stopped reading with 1008; the others receive every message', async () => {
    const slow = await signalRClient();
    const reader = await signalRClient();
    let received = 0;
    reader.socket.on('message', (data: Buffer) => {
      received += data.toString().split('"target":"big"').length - 1;
    });
    pause(slow);
    const url = `${emulator.signalR.endpoint}/api/v1/hubs/slow`;
    const body = JSON.stringify({ Target: 'big', Arguments: ['y'.repeat(MB - 200)] });
    for (let i = 0; i < 40; i++) {
      await eventually(() => received >= i - 8, 20_000);
      const r = await restCall('POST', url, { body, contentType: 'application/json' });
      expect(r.status).toBe(202);
    }
    await eventually(() => received >= 40, 20_000);
    resume(slow);
    const closed = await slow.closed;
    expect(closed.code).toBe(1008);
    await reader.close();
  }, 60_000);
});
