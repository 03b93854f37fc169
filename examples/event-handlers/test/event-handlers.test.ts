// Serves both apps (Hono and Express) on random ports and sends them what the services send: signed
// CloudEvents requests (Web PubSub) and upstream invocations (SignalR), signed here with node:crypto as
// the services sign them. The SignalR completions are read with the official @microsoft/signalr parser.
import { createHmac } from 'node:crypto';
import { type CompletionMessage, JsonHubProtocol, NullLogger } from '@microsoft/signalr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServers, startServers } from '../src/server.js';

const KEY = 'ZXhhbXBsZS1hY2Nlc3Mta2V5LWZvci10aGUtZXZlbnQtaGFuZGxlcnMtZXhhbXBsZQ==';
const WEBPUBSUB = `Endpoint=https://contoso.webpubsub.azure.com;AccessKey=${KEY};Version=1.0;`;
const SIGNALR = `Endpoint=https://contoso.service.signalr.net;AccessKey=${KEY};Version=1.0;`;

let servers: RunningServers;
beforeAll(async () => {
  servers = await startServers(
    { webPubSubConnectionString: WEBPUBSUB, signalRConnectionString: SIGNALR },
    { hono: 0, express: 0 },
  );
});
afterAll(() => servers?.close());

const sign = (connectionId: string, key = KEY) =>
  `sha256=${createHmac('sha256', key).update(connectionId).digest('hex')}`;

function cloudEvent(
  type: string,
  connectionId: string,
  body: string,
  extra: Record<string, string> = {},
) {
  return {
    method: 'POST',
    headers: {
      'WebHook-Request-Origin': 'contoso.webpubsub.azure.com',
      'ce-specversion': '1.0',
      'ce-type': type,
      'ce-source': `/hubs/chat/client/${connectionId}`,
      'ce-id': '1',
      'ce-time': new Date().toISOString(),
      'ce-signature': sign(connectionId),
      'ce-connectionId': connectionId,
      'ce-hub': 'chat',
      'ce-eventName': type.slice(type.lastIndexOf('.') + 1),
      'Content-Type': 'application/json; charset=utf-8',
      ...extra,
    },
    body,
  };
}

for (const variant of ['hono', 'express'] as const) {
  describe(variant, () => {
    const url = (path: string) =>
      `${variant === 'hono' ? servers.honoUrl : servers.expressUrl}${path}`;
    const events = () => url('/api/webpubsub/hubs/chat/');

    it('answers the abuse-protection check', async () => {
      const response = await fetch(events(), {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': 'contoso.webpubsub.azure.com' },
      });
      expect([response.status, response.headers.get('webhook-allowed-origin')]).toEqual([200, '*']);
    });

    it('accepts a named client at connect, and refuses an anonymous one', async () => {
      const body = JSON.stringify({
        claims: {},
        query: { name: ['ada'] },
        headers: {},
        subprotocols: [],
      });
      const accepted = await fetch(
        events(),
        cloudEvent('azure.webpubsub.sys.connect', `${variant}-c1`, body),
      );
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({
        userId: 'ada',
        groups: ['lobby'],
        roles: ['webpubsub.sendToGroup.lobby'],
      });
      expect(accepted.headers.get('ce-connectionstate')).toBeTruthy();
      const anonymous = JSON.stringify({ claims: {}, query: {}, headers: {}, subprotocols: [] });
      const refused = await fetch(
        events(),
        cloudEvent('azure.webpubsub.sys.connect', `${variant}-c2`, anonymous),
      );
      expect([refused.status, await refused.text()]).toEqual([
        401,
        'connect with ?name=<your name>',
      ]);
    });

    it('answers user events, counting them in the connection state', async () => {
      const message = cloudEvent('azure.webpubsub.user.message', `${variant}-c1`, 'hello', {
        'Content-Type': 'text/plain',
        'ce-userId': 'ada',
        // {"count":2}, as the previous answer would have set it.
        'ce-connectionState': Buffer.from('{"count":2}').toString('base64'),
      });
      const response = await fetch(events(), message);
      expect(await response.json()).toEqual({ from: 'ada', text: 'hello', count: 3 });
      expect(
        JSON.parse(
          Buffer.from(response.headers.get('ce-connectionstate') ?? '', 'base64').toString(),
        ),
      ).toEqual({
        count: 3,
      });
    });

    it('keeps presence from connected/disconnected, and rejects a forged request', async () => {
      const connected = cloudEvent('azure.webpubsub.sys.connected', `${variant}-c3`, '{}', {
        'ce-userId': `grace-${variant}`,
      });
      expect((await fetch(events(), connected)).status).toBe(200);
      await expect.poll(() => servers.handlers.online.has(`grace-${variant}`)).toBe(true);
      const forged = cloudEvent(
        'azure.webpubsub.sys.disconnected',
        `${variant}-c3`,
        '{"reason":"x"}',
        {
          'ce-userId': `grace-${variant}`,
          'ce-signature': sign(`${variant}-c3`, 'guessed key'),
        },
      );
      expect((await fetch(events(), forged)).status).toBe(401);
      expect(servers.handlers.online.has(`grace-${variant}`)).toBe(true);
    });

    it('completes SignalR invocations, and turns a thrown error into an error completion', async () => {
      const invoke = async (target: string, args: unknown[]) => {
        const response = await fetch(url(`/api/signalr/chat/messages/${target}`), {
          method: 'POST',
          headers: {
            'X-ASRS-Connection-Id': `${variant}-s1`,
            'X-ASRS-Hub': 'chat',
            'X-ASRS-Category': 'messages',
            'X-ASRS-Event': target,
            'X-ASRS-Signature': sign(`${variant}-s1`).toUpperCase().replace('SHA256=', 'sha256='),
            'X-ASRS-User-Id': 'ada',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ type: 1, invocationId: '1', target, arguments: args }),
        });
        const [completion] = new JsonHubProtocol().parseMessages(
          await response.text(),
          NullLogger.instance,
        );
        return completion as CompletionMessage;
      };
      expect((await invoke('add', [20, 22])).result).toBe(42);
      expect((await invoke('rename', ['Countess'])).result).toBe('ada is now Countess');
      expect((await invoke('rename', ['  '])).error).toBe('a name cannot be empty');
    });
  });
}

it('leaves the Express app its other routes', async () => {
  expect(await (await fetch(`${servers.expressUrl}/health`)).json()).toEqual({ ok: true });
});
