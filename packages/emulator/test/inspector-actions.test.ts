// The inspector's actions run as the REST operations they name, through the services' own REST
// pipeline: what clients receive is what the REST call would have sent, errors are the REST errors,
// and requests from other web pages are refused.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from './helpers/inspector.js';
import { negotiateResult, signalRClient } from './helpers/signalr.js';
import {
  type Emulator,
  eventually,
  officialServiceClient,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
let service: WebPubSubServiceClient;
let url: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  service = officialServiceClient(emulator, 'acts');
  url = emulator.inspectUrl as string;
});
afterAll(() => emulator?.close());

const jsonClient = async (userId: string) => {
  const probe = await WsProbe.connect(
    (await service.getClientAccessToken({ userId })).url,
    'json.webpubsub.azure.v1',
  );
  const { connectionId } = (await probe.nextJson()) as { connectionId: string };
  return { probe, connectionId };
};
const wps = { service: 'webpubsub', hub: 'acts' };

describe('Web PubSub actions', () => {
  it('add to a group, send to it, remove, and close: the same effects and frames as REST', async () => {
    const { probe, connectionId } = await jsonClient('ivy');
    try {
      const added = await postAction(url, {
        ...wps,
        action: 'addToGroup',
        connectionId,
        group: 'room',
      });
      expect(await added.json()).toEqual({ status: 200 });
      expect(await service.groupExists('room')).toBe(true);

      await postAction(url, {
        ...wps,
        action: 'send',
        to: 'group',
        group: 'room',
        data: '{"n":1}',
        contentType: 'application/json',
      });
      const viaAction = await probe.nextJson();
      await service.group('room').sendToAll({ n: 1 });
      expect(await probe.nextJson()).toEqual(viaAction);
      expect(viaAction).toEqual({
        type: 'message',
        from: 'group',
        group: 'room',
        dataType: 'json',
        data: { n: 1 },
      });

      await postAction(url, { ...wps, action: 'send', to: 'user', userId: 'ivy', data: 'hi ivy' });
      expect(await probe.nextJson()).toEqual({
        type: 'message',
        from: 'server',
        dataType: 'text',
        data: 'hi ivy',
      });

      await postAction(url, { ...wps, action: 'removeFromGroup', connectionId, group: 'room' });
      expect(await service.groupExists('room')).toBe(false);

      const closed = await postAction(url, {
        ...wps,
        action: 'close',
        connectionId,
        reason: 'from the inspector',
      });
      expect(await closed.json()).toEqual({ status: 204 });
      expect(await probe.nextJson()).toEqual({
        type: 'system',
        event: 'disconnected',
        message: 'from the inspector',
      });
      expect(await probe.closed).toEqual({ code: 1008, reason: 'from the inspector' });
      const events = (await (await fetch(`${url}api/events?connectionId=${connectionId}`)).json())
        .events;
      expect(events.filter((e: { kind: string }) => e.kind === 'action')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            operation: 'WebPubSub_AddConnectionToGroup',
            method: 'PUT',
            status: 200,
            group: 'room',
          }),
          expect.objectContaining({
            operation: 'WebPubSub_CloseConnection',
            method: 'DELETE',
            status: 204,
          }),
        ]),
      );
    } finally {
      probe.socket.terminate();
    }
  });

  it('answers as REST does when the operation fails, and checks its input first', async () => {
    const missing = await postAction(url, {
      ...wps,
      action: 'addToGroup',
      connectionId: 'nope',
      group: 'room',
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 'NotFound',
      message: "The connection 'nope' does not exist.",
    });
    const badHub = await postAction(url, {
      service: 'webpubsub',
      hub: '1bad',
      action: 'send',
      data: 'x',
    });
    expect(badHub.status).toBe(400);
    expect((await badHub.json()).code).toBe('InvalidParameter');
    const badJson = await postAction(url, {
      ...wps,
      action: 'send',
      data: '{oops',
      contentType: 'application/json',
    });
    expect(await badJson.json()).toMatchObject({
      code: 'InvalidRequestBody',
      message: 'The request body is not valid JSON.',
    });
    const noGroup = await postAction(url, { ...wps, action: 'send', to: 'group', data: 'x' });
    expect(await noGroup.json()).toMatchObject({
      code: 'InvalidAction',
      target: 'group',
      message: "'group' is required for this action.",
    });
    const noService = await postAction(url, { hub: 'acts', action: 'send' });
    expect(await noService.json()).toMatchObject({ target: 'service' });
  });

  it('refuses requests other web pages could make', async () => {
    const body = { ...wps, action: 'send', data: 'csrf' };
    const { probe } = await jsonClient('jay');
    try {
      const plain = await fetch(`${url}api/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(plain.status).toBe(403);
      expect((await plain.json()).message).toBe('Actions need the x-hubcast-inspector header.');
      const foreign = await postAction(url, body, { origin: 'http://attacker.example' });
      expect(foreign.status).toBe(403);
      const form = await fetch(`${url}api/actions`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-hubcast-inspector': '1' },
        body: JSON.stringify(body),
      });
      expect(form.status).toBe(415);
      expect((await fetch(`${url}api/actions`)).status).toBe(405);
      const own = await postAction(url, body, { origin: new URL(url).origin });
      expect(own.status).toBe(200);
      expect(await probe.nextJson()).toMatchObject({ data: 'csrf' });
      await probe.expectSilence(); // the refused ones sent nothing
    } finally {
      await probe.close();
    }
  });
});

describe('SignalR actions', () => {
  it('send to a user and a group, and close a connection, as the v1 REST API does', async () => {
    const { url: clientUrl, accessToken } = await negotiateResult(
      emulator.signalR.endpoint,
      { nameid: 'kim' },
      'acts',
    );
    const client = signalRClient(clientUrl, accessToken, 'WebSockets', 'messagepack');
    const got: unknown[][] = [];
    client.on('note', (...args: unknown[]) => void got.push(args));
    const closed = new Promise<Error | undefined>((resolve) => client.onclose(resolve));
    await client.start();
    const sr = { service: 'signalr', hub: 'acts' };
    const connectionId = client.connectionId as string;
    expect(
      (
        await postAction(url, {
          ...sr,
          action: 'send',
          to: 'user',
          userId: 'kim',
          target: 'note',
          arguments: ['one', 1],
        })
      ).status,
    ).toBe(200);
    expect(
      (await postAction(url, { ...sr, action: 'addToGroup', userId: 'kim', group: 'g' })).status,
    ).toBe(200);
    expect(
      (
        await postAction(url, {
          ...sr,
          action: 'send',
          to: 'group',
          group: 'g',
          target: 'note',
          arguments: [{ two: 2 }],
        })
      ).status,
    ).toBe(200);
    await eventually(() => got.length === 2);
    expect(got).toEqual([['one', 1], [{ two: 2 }]]);
    const hub = emulator.inspect().signalR.hubs.find((h) => h.name === 'acts');
    expect(hub?.groups.find((g) => g.name === 'g')?.users.map((u) => u.userId)).toEqual(['kim']);
    await postAction(url, { ...sr, action: 'close', connectionId, reason: 'enough' });
    expect(String(await closed)).toContain('enough');
  });
});
