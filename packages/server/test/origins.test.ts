// The credential stays with the endpoint (issue #13, item 4): which nextLinks are followed (own origin,
// and the reverse proxy's endpoint), and redirects, which are never followed. The fault matrix checks
// nextLinks to other origins and a cross-origin 307 against every operation with a second server.
import { describe, expect, it } from 'vitest';
import { RestError, SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';
import { ownLink } from '../src/transport.js';
import { bearerOf } from './helpers/jwt.js';
import { json, successReply, useRecordingServer } from './helpers/recording-server.js';

const server = useRecordingServer();

describe('ownLink', () => {
  const service = 'https://svc.webpubsub.azure.com';
  it.each([
    ['the same origin', `${service}/api/x?t=1`, undefined, `${service}/api/x?t=1`],
    ['a relative link', '/api/x?t=1', undefined, `${service}/api/x?t=1`],
    ['the default port spelled out', `${service}:443/api/x`, undefined, `${service}/api/x`],
    [
      'http on the same host (a downgrade)',
      'http://svc.webpubsub.azure.com/api/x',
      undefined,
      undefined,
    ],
    ['another port', `${service}:8443/api/x`, undefined, undefined],
    ['another host', 'https://collector.example/api/x', undefined, undefined],
    ['a protocol-relative link to another host', '//collector.example/api/x', undefined, undefined],
    [
      'a look-alike host',
      'https://svc.webpubsub.azure.com.collector.example/api/x',
      undefined,
      undefined,
    ],
    [
      'userinfo smuggling',
      `https://svc.webpubsub.azure.com@collector.example/api/x`,
      undefined,
      undefined,
    ],
    // With a reverse proxy, the service's origin is the one tokens are signed for; a link the proxy
    // rewrote to its own endpoint is mapped back, so the token's audience stays the service URL.
    [
      'the service origin behind a proxy',
      `${service}/api/x`,
      'https://apim.example/wps',
      `${service}/api/x`,
    ],
    [
      'the proxy endpoint',
      'https://apim.example/wps/api/x',
      'https://apim.example/wps',
      `${service}/api/x`,
    ],
    [
      'the proxy host outside its path',
      'https://apim.example/other/api/x',
      'https://apim.example/wps',
      undefined,
    ],
  ])('%s', (_, link, proxy, expected) => {
    expect(ownLink(link, service, proxy)).toBe(expected);
  });
});

describe('nextLink behind a reverse proxy', () => {
  it('a link on the proxy endpoint is followed through the proxy, signed for the service', async () => {
    const proxied = new WebPubSubServiceClient(
      'https://svc.webpubsub.azure.com',
      { key: 'k' },
      'hub',
      {
        reverseProxyEndpoint: `${server.url}/gateway`,
      },
    );
    server.respond = (request) =>
      request.target.includes('continuationToken')
        ? json(200, { value: [{ connectionId: 'c2' }] })
        : json(200, {
            value: [{ connectionId: 'c1' }],
            nextLink: `${server.url}/gateway/api/hubs/hub/groups/g/connections?continuationToken=1`,
          });
    const ids = [];
    for await (const member of proxied.group('g').listConnections()) ids.push(member.connectionId);
    expect(ids).toEqual(['c1', 'c2']);
    const [, second] = server.take();
    expect(second?.target).toBe('/gateway/api/hubs/hub/groups/g/connections?continuationToken=1');
    expect(bearerOf(second?.headers.authorization).claims.aud).toBe(
      'https://svc.webpubsub.azure.com/api/hubs/hub/groups/g/connections?continuationToken=1',
    );
  });
});

describe('redirects are never followed', () => {
  const cs = () =>
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=origins-key;Version=1.0;`;

  it.each([301, 302, 303, 307, 308])(
    'a send answered %i to the same origin fails, sent once',
    async (status) => {
      server.respond = (request, index) =>
        index === 0
          ? { status, headers: { location: `${server.url}/elsewhere${request.target}` } }
          : successReply(request);
      const client = new WebPubSubServiceClient(cs(), 'hub', {
        retry: { maxRetries: 3, retryDelayInMs: 1 },
      });
      const error = (await client.sendToAll({ n: 1 }).catch((e: unknown) => e)) as RestError;
      expect(error).toBeInstanceOf(RestError);
      expect(error.statusCode).toBe(status);
      expect(error.message).toContain(`redirected to ${server.url} (${status}); not followed`);
      expect(server.take()).toHaveLength(1);
    },
  );

  it('a SignalR existence check answered 307 fails instead of answering true', async () => {
    server.respond = () => ({ status: 307, headers: { location: 'https://collector.example/x' } });
    const client = new SignalRServiceClient(cs(), 'hub', { retry: { maxRetries: 0 } });
    await expect(client.userExists('u')).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 307,
      message: expect.stringContaining('redirected to https://collector.example (307)'),
    });
  });

  it('a redirect without a usable Location still fails clearly', async () => {
    server.respond = () => ({ status: 302 });
    const client = new WebPubSubServiceClient(cs(), 'hub', { retry: { maxRetries: 0 } });
    await expect(client.group('g').listConnections().next()).rejects.toMatchObject({
      statusCode: 302,
      message: expect.stringContaining('was redirected (302)'),
    });
  });
});
