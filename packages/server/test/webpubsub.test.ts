// Web PubSub behaviour beyond the official SDK: listConnections as a direct iterator and by page,
// apiVersion, a reverse proxy with a path prefix, and the health probe.
import { beforeAll, describe, expect, it } from 'vitest';
import { WebPubSubServiceClient } from '../src/index.js';
import { bearerOf } from './helpers/jwt.js';
import { json, startRecordingServer, useRecordingServer } from './helpers/recording-server.js';

const server = useRecordingServer();
let client: WebPubSubServiceClient;

beforeAll(() => {
  client = new WebPubSubServiceClient(server.url, { key: 'k' }, 'hub', {
    retry: { maxRetries: 0 },
  });
});

/** Three pages; nextLink is absolute and carries the continuation token. */
function pagedGroup() {
  server.respond = (request) => {
    const token = new URL(request.target, server.url).searchParams.get('continuationToken');
    const page = Number(token ?? '0');
    const nextLink =
      page < 2
        ? `${server.url}/api/hubs/hub/groups/g/connections?continuationToken=${page + 1}`
        : undefined;
    return json(200, { value: [{ connectionId: `c${page}` }], nextLink });
  };
}

describe('group.listConnections', () => {
  it('iterates directly, without awaiting first', async () => {
    pagedGroup();
    const ids = [];
    for await (const member of client.group('g').listConnections()) ids.push(member.connectionId);
    expect(ids).toEqual(['c0', 'c1', 'c2']);
    expect(server.take().map((r) => r.target)).toEqual([
      '/api/hubs/hub/groups/g/connections?api-version=2024-12-01',
      '/api/hubs/hub/groups/g/connections?continuationToken=1',
      '/api/hubs/hub/groups/g/connections?continuationToken=2',
    ]);
  });

  it('pages carry continuationToken, and byPage resumes from one', async () => {
    pagedGroup();
    const pages = [];
    for await (const page of client.group('g').listConnections().byPage()) {
      pages.push([page.map((m) => m.connectionId), page.continuationToken]);
    }
    expect(pages).toEqual([
      [['c0'], `${server.url}/api/hubs/hub/groups/g/connections?continuationToken=1`],
      [['c1'], `${server.url}/api/hubs/hub/groups/g/connections?continuationToken=2`],
      [['c2'], undefined],
    ]);
    server.take();
    const resumed = [];
    const link = pages[0]?.[1] as string;
    for await (const page of client
      .group('g')
      .listConnections()
      .byPage({ continuationToken: link })) {
      resumed.push(...page.map((m) => m.connectionId));
    }
    expect(resumed).toEqual(['c1', 'c2']);
    const [first] = server.take();
    // Each page is signed for its own URL.
    expect(bearerOf(first?.headers.authorization).claims.aud).toBe(link);
  });

  it('a page that is not a page is a RestError', async () => {
    server.respond = () => json(200, { items: [] });
    await expect(client.group('g').listConnections().next()).rejects.toMatchObject({
      name: 'RestError',
      code: 'PARSE_ERROR',
    });
  });
});

describe('options', () => {
  it('apiVersion goes into every request', async () => {
    const older = new WebPubSubServiceClient(server.url, { key: 'k' }, 'hub', {
      apiVersion: '2024-01-01',
    });
    await older.sendToAll('x');
    await older.group('g').addUser('u');
    expect(server.take().map((r) => r.target)).toEqual([
      '/api/hubs/hub/:send?api-version=2024-01-01',
      '/api/hubs/hub/users/u/groups/g?api-version=2024-01-01',
    ]);
  });

  it('reverseProxyEndpoint may carry a path prefix; aud stays the service URL', async () => {
    const proxied = new WebPubSubServiceClient(
      'https://svc.webpubsub.azure.com',
      { key: 'k' },
      'hub',
      {
        reverseProxyEndpoint: `${server.url}/gateway/`,
      },
    );
    await proxied.sendToUser('u', 'x', { messageTtlSeconds: 1 });
    const [request] = server.take();
    expect(request?.target).toBe(
      '/gateway/api/hubs/hub/users/u/:send?api-version=2024-12-01&messageTtlSeconds=1',
    );
    expect(bearerOf(request?.headers.authorization).claims.aud).toBe(
      'https://svc.webpubsub.azure.com/api/hubs/hub/users/u/:send?api-version=2024-12-01&messageTtlSeconds=1',
    );
  });

  it('a custom fetch receives every request', async () => {
    const seen: string[] = [];
    const custom = new WebPubSubServiceClient(server.url, { key: 'k' }, 'hub', {
      fetch: (input, init) => {
        seen.push(`${init?.method} ${String(input)}`);
        return globalThis.fetch(input, init);
      },
    });
    await custom.closeConnection('c1');
    expect(seen).toEqual([
      `DELETE ${server.url}/api/hubs/hub/connections/c1?api-version=2024-12-01`,
    ]);
  });

  it('isServiceHealthy is false when nothing answers', async () => {
    const closed = await startRecordingServer();
    await closed.close();
    const down = new WebPubSubServiceClient(closed.url, { key: 'k' }, 'hub', {
      retry: { maxRetries: 0 },
    });
    expect(await down.isServiceHealthy()).toBe(false);
  });
});
