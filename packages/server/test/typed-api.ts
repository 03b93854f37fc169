// Compile-time checks of the typed API (not run: `pnpm typecheck` compiles this file). Every
// `@ts-expect-error` must meet an error, so a check that stops catching its case fails the build.
import type { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';

declare const wps: WebPubSubServiceClient;

export async function webPubSubMessages(): Promise<void> {
  await wps.sendToAll({ text: 'hi' });
  await wps.sendToAll('hi', { contentType: 'text/plain' });
  await wps.sendToAll(new Uint8Array([1]));
  interface ChatMessage {
    user: string;
    text: string;
  }
  const message: ChatMessage = { user: 'alice', text: 'hi' };
  await wps.sendToUser('alice', message);
  // @ts-expect-error null is no message
  await wps.sendToAll(null);
  // @ts-expect-error a Map would be sent as {}
  await wps.sendToAll(new Map([['a', 1]]));
  // @ts-expect-error a Set would be sent as {}
  await wps.group('g').sendToAll(new Set([1]));
  // @ts-expect-error a Promise (a forgotten await) would be sent as {}
  await wps.sendToConnection('c', Promise.resolve({ a: 1 }));
  // @ts-expect-error a stream is not a message
  await wps.sendToUsers(['a'], new ReadableStream());
  // @ts-expect-error a function is not a message
  await wps.sendToAll(() => 1);
}

interface ChatClient {
  newMessage: [user: string, text: string];
  ping: [];
  userLeft(user: string): void;
  confirm(question: string): boolean;
}

declare const chat: SignalRServiceClient<ChatClient>;
declare const untyped: SignalRServiceClient;

export async function typedHubs(): Promise<void> {
  await chat.sendToAll('newMessage', ['alice', 'hi']);
  await chat.sendToAll('ping');
  await chat.sendToUser('bob', 'userLeft', ['alice']);
  await chat.sendToGroup('room', 'newMessage', ['alice', 'hi'], { excluded: ['c1'] });
  await chat.sendToConnections(['c1'], 'ping', [], { concurrency: 2 });
  const ok: boolean = await chat.invoke<boolean>('c1', 'confirm', ['Delete?']);
  await chat.execute([
    { type: 'SendMessage', message: { target: 'newMessage', arguments: ['a', 'b'] } },
  ]);
  // @ts-expect-error an unknown target
  await chat.sendToAll('newMesage', ['alice', 'hi']);
  // @ts-expect-error arguments of the wrong types
  await chat.sendToAll('newMessage', ['alice', 42]);
  // @ts-expect-error a missing argument
  await chat.sendToConnection('c1', 'newMessage', ['alice']);
  // @ts-expect-error arguments are required when the target takes some
  await chat.sendToAll('newMessage');
  // @ts-expect-error a function-style target checks its parameters too
  await chat.sendToUser('bob', 'userLeft', [1]);
  // @ts-expect-error execute checks SendMessage commands against the hub
  await chat.execute([{ type: 'SendMessage', message: { target: 'newMessage', arguments: [1] } }]);
  // An untyped client takes any target and arguments, as before.
  await untyped.sendToAll('anything', [1, { a: 2 }]);
  await untyped.sendToAll('anything');
  const n = await untyped.invoke<number>('c1', 'add', [2, 3]);
  console.log(ok, n);
}
