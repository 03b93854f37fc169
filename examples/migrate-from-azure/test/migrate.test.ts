// Runs the same app code on the official SDK and on @hubcast/server against the emulator, and
// checks that connected WebSocket clients receive exactly the same frames from both.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { WebPubSubServiceClient } from '@hubcast/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { welcome as welcomeAfter } from '../src/after.js';
import { welcome as welcomeBefore } from '../src/before.js';

interface Frame {
  binary: boolean;
  data: string;
}

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
});
afterAll(() => emulator?.close());

interface Listener {
  frames: Frame[];
  socket: WebSocket;
  /** Resolves once the `end` marker has arrived: frames on one socket arrive in order. */
  ended: Promise<void>;
}

/** A plain WebSocket client that records every frame it gets. */
async function listen(userId: string): Promise<Listener> {
  const service = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'lobby');
  const socket = new WebSocket((await service.getClientAccessToken({ userId })).url);
  const frames: Frame[] = [];
  const ended = new Promise<void>((resolve) => {
    socket.on('message', (data, binary) => {
      const text = binary ? `bytes:${[...(data as Buffer)]}` : String(data);
      if (text === 'end') resolve();
      else frames.push({ binary, data: text });
    });
  });
  await once(socket, 'open');
  return { frames, socket, ended };
}

/** Runs one variant with fresh clients and returns what each received. */
async function framesFrom(welcome: typeof welcomeBefore): Promise<Record<string, Frame[]>> {
  const alice = await listen('alice');
  const bob = await listen('bob');
  await welcome(emulator.webPubSub.connectionString, 'alice', true);
  const marker = new WebPubSubServiceClient(emulator.webPubSub.connectionString, 'lobby');
  await marker.sendToAll('end', { contentType: 'text/plain' });
  await Promise.all([alice.ended, bob.ended]);
  alice.socket.close();
  bob.socket.close();
  return { alice: alice.frames, bob: bob.frames };
}

it('delivers the same frames with @azure/web-pubsub and with @hubcast/server', async () => {
  const before = await framesFrom(welcomeBefore);
  const after = await framesFrom(welcomeAfter);
  expect(after).toEqual(before);
  // And they are the frames the code asks for, so an empty run cannot pass.
  expect(before.alice).toEqual([
    { binary: false, data: '{"kind":"joined","userId":"alice"}' },
    { binary: false, data: 'welcome, alice' },
    { binary: false, data: '{"kind":"room","text":"say hi to the newcomer"}' },
  ]);
  expect(before.bob).toEqual([
    { binary: false, data: '{"kind":"joined","userId":"alice"}' },
    { binary: true, data: 'bytes:1,2,3' },
  ]);
});

it('before.ts and after.ts differ only in the import line', async () => {
  const read = (name: string) =>
    readFile(new URL(`../src/${name}.ts`, import.meta.url), 'utf8').then((text) =>
      text.split('\n'),
    );
  const [before, after] = await Promise.all([read('before'), read('after')]);
  expect(after).toHaveLength(before.length);
  const differing = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
  expect(differing).toEqual([
    [
      "import { odata, WebPubSubServiceClient } from '@azure/web-pubsub';",
      "import { odata, WebPubSubServiceClient } from '@hubcast/server';",
    ],
  ]);
});
