#!/usr/bin/env node
// `pnpm demo`: the main job. Starts the emulator in-process (or uses Azure, see target.ts), connects
// three real clients, drives them with @hubcast/server only, prints a transcript of who received what,
// and exits non-zero if any expected delivery is missing.
import { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import { connectPlain, connectPubSub, connectSignalR } from './clients.js';
import { Inbox } from './inbox.js';
import { steps } from './steps.js';
import { resolveTarget } from './target.js';

const HUB = process.env.HUBCAST_DEMO_HUB ?? 'demo';

async function main(): Promise<boolean> {
  const target = await resolveTarget(HUB);
  console.log(`hubcast demo on hub "${HUB}": ${target.description}`);
  const inbox = new Inbox();
  const wps = new WebPubSubServiceClient(target.webPubSub, HUB);
  const signalr = new SignalRServiceClient(target.signalR, HUB);
  const alice = await connectPlain(wps, 'alice', inbox);
  const bob = await connectPubSub(wps, 'bob', inbox);
  const carol = await connectSignalR(signalr, 'carol', inbox);
  console.log(
    'connected: alice (plain WebSocket), bob (@azure/web-pubsub-client), carol (@microsoft/signalr)\n',
  );

  let ok = true;
  try {
    for (const [index, step] of steps.entries()) {
      console.log(`${index + 1}. ${step.title}`);
      for (const result of await step.run({ wps, signalr, inbox, alice, bob, carol, target })) {
        ok &&= result.ok;
        for (const line of result.lines) console.log(line);
      }
    }
  } finally {
    alice.socket.terminate();
    await bob.client.stop();
    await carol.connection.stop();
    await target.close();
  }
  console.log(
    ok ? '\nAll expected deliveries arrived.' : '\nSome expected deliveries are missing (✗ above).',
  );
  return ok;
}

main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    console.error('demo failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
