// An app's notification code. before.ts imports @azure/web-pubsub and after.ts @hubcast/server;
// nothing else differs (a test checks that).
import { odata, WebPubSubServiceClient } from '@hubcast/server';

/** Welcomes a user: a broadcast, a direct text message, a group message and a filtered send. */
export async function welcome(
  connectionString: string,
  userId: string,
  allowInsecureConnection = false, // the emulator speaks http; leave false against Azure
): Promise<void> {
  const service = new WebPubSubServiceClient(connectionString, 'lobby', {
    allowInsecureConnection,
  });
  await service.sendToAll({ kind: 'joined', userId });
  await service.sendToUser(userId, `welcome, ${userId}`, { contentType: 'text/plain' });

  const room = service.group('newcomers');
  await room.addUser(userId);
  await room.sendToAll({ kind: 'room', text: 'say hi to the newcomer' });
  await room.removeUser(userId);

  await service.sendToAll(new Uint8Array([1, 2, 3]), { filter: odata`userId ne ${userId}` });
}
