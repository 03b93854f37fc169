// The whole two-way chat on the embedded emulator, with the real clients: a plain WebSocket,
// @azure/web-pubsub-client and @microsoft/signalr (JSON and MessagePack). What one sends goes through
// the app's handlers (@hubcast/server/events) and back out through REST to everyone in the room, on
// both services; presence follows connects and disconnects; a client without a session is refused.
import { SendMessageError } from '@azure/web-pubsub-client';
import type { HubConnection } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChatEvent } from '../src/app.js';
import { type ChatClient, type ClientKind, connectChat, describeEvent } from '../src/client.js';
import { type RunningChat, startChat } from '../src/main.js';

let chat: RunningChat;
beforeAll(async () => {
  chat = await startChat();
});
afterAll(() => chat.close());

/** A client and the lines it printed. */
interface Member {
  readonly client: ChatClient;
  readonly seen: string[];
  connection?: HubConnection;
}

async function join(name: string, kind: ClientKind, messagePack = false): Promise<Member> {
  const seen: string[] = [];
  const member: { client?: ChatClient; seen: string[]; connection?: HubConnection } = { seen };
  member.client = await connectChat(
    chat.url,
    name,
    kind,
    (event: ChatEvent) => seen.push(describeEvent(event)),
    {
      ...(messagePack ? { protocol: new MessagePackHubProtocol() } : {}),
      onConnection: (connection) => {
        member.connection = connection;
      },
    },
  );
  return member as Member;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the chat', () => {
  it('refuses a WebSocket that connects without a session', async () => {
    const emulator = chat.emulator;
    expect(emulator).toBeDefined();
    const { url } = (await (await fetch(`${chat.url}/negotiate/webpubsub?name=eve`)).json()) as {
      url: string;
    };
    const forged = url.replace(/session=[^&]+/, 'session=eve.forged');
    const socket = new WebSocket(forged);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('relays every line to everyone in the room, on both services, and tracks presence', async () => {
    const ada = await join('ada', 'plain');
    const bob = await join('bob', 'web-pubsub-client');
    const carol = await join('carol', 'signalr');
    const dave = await join('dave', 'signalr', true);
    await until(() => ada.seen.includes('* dave joined'), 'ada to see dave join');
    // Everyone's arrival, ada's own included (in whatever order the presence calls finished).
    expect([...ada.seen].sort()).toEqual([
      '* ada joined',
      '* bob joined',
      '* carol joined',
      '* dave joined',
    ]);

    await ada.client.send('hi all'); // a text frame: the "message" event
    await bob.client.send('hello from bob'); // sendEvent("message")
    await carol.client.send('carol here'); // invoke("send") through the upstream
    await dave.connection?.send('send', 'dave, no reply needed'); // MessagePack, no invocation id
    const lines = [
      'ada: hi all',
      'bob: hello from bob',
      'carol: carol here',
      'dave: dave, no reply needed',
    ];
    for (const member of [ada, bob, carol, dave]) {
      await until(() => lines.every((l) => member.seen.includes(l)), `${lines} at every client`);
    }
    expect(await dave.connection?.invoke('whoIsOnline')).toEqual(['ada', 'bob', 'carol', 'dave']);

    await ada.client.close();
    await until(() => bob.seen.includes('* ada left'), 'bob to see ada leave');
    await until(() => carol.seen.includes('* ada left'), 'carol to see ada leave');
    expect(chat.app.online()).toEqual(['bob', 'carol', 'dave']);
    await Promise.all([bob.client.close(), carol.client.close(), dave.client.close()]);
    await until(() => chat.app.online().length === 0, 'everyone to leave');
  });

  it('tells the sender when the app refuses a line', async () => {
    const bob = await join('bob2', 'web-pubsub-client');
    const carol = await join('carol2', 'signalr');
    const tooLong = 'x'.repeat(501);
    const refused = await bob.client.send(tooLong).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SendMessageError);
    expect((refused as SendMessageError).errorDetail?.message).toBe(
      'The event handler answered 400: A message is at most 500 characters.',
    );
    await expect(carol.client.send(tooLong)).rejects.toThrow(
      'A message is at most 500 characters.',
    );
    await bob.client.close();
    await carol.client.close();
  });
});
