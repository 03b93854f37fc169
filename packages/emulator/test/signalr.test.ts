// SignalR (serverless, v1) against real clients: @microsoft/signalr HubConnections built from a
// negotiate {url, accessToken} minted here, and the raw @hubcast/signalr-rest client for REST calls.
import {
  createClient,
  signalRAddConnectionToGroup,
  signalRAddUserToGroup,
  signalRBroadcast,
  signalRCheckConnectionExistence,
  signalRCheckGroupExistence,
  signalRCheckUserExistence,
  signalRCheckUserExistenceInGroup,
  signalRCloseConnection,
  signalRGetAccessKey,
  signalRRemoveConnectionFromGroup,
  signalRRemoveUserFromAllGroups,
  signalRRemoveUserFromGroup,
  signalRSendToConnection,
  signalRSendToGroup,
  signalRSendToUser,
} from '@hubcast/signalr-rest';
import {
  HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  LogLevel,
} from '@microsoft/signalr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  eventually,
  officialSignalRConnection,
  restCall,
  signToken,
  startTestEmulator,
} from './helpers.js';

let emulator: Emulator;
let rest: ReturnType<typeof createClient>;
const open: HubConnection[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  rest = createClient({ baseUrl: emulator.signalR.endpoint });
  // SignalR REST audience: the request URL without its query string.
  rest.interceptors.request.use(async (request) => {
    const url = new URL(request.url);
    request.headers.set(
      'authorization',
      `Bearer ${await signToken({ aud: `${url.origin}${url.pathname}` })}`,
    );
    return request;
  });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
});
afterAll(() => emulator.close());

/** What a serverless app server's negotiate returns: the client URL and a token whose aud is that URL. */
async function negotiateResult(claims: Record<string, unknown>, hub = 'chat') {
  const url = `${emulator.signalR.endpoint}/client/?hub=${hub}`;
  return { url, accessToken: await signToken({ aud: url, ...claims }) };
}

interface Received {
  readonly target: string;
  readonly args: unknown[];
}

async function connect(
  user: string | undefined,
  options: { claims?: Record<string, unknown>; hub?: string } = {},
) {
  const { url, accessToken } = await negotiateResult(
    options.claims ?? (user ? { nameid: user } : {}),
    options.hub,
  );
  const connection = officialSignalRConnection(url, accessToken);
  const received: Received[] = [];
  for (const target of ['newMessage', 'other']) {
    connection.on(target, (...args: unknown[]) => received.push({ target, args }));
  }
  const closed = new Promise<Error | undefined>((resolve) =>
    connection.onclose((error) => resolve(error)),
  );
  open.push(connection);
  await connection.start();
  return { connection, id: connection.connectionId as string, received, closed };
}

/** The HTTP status of a raw-client call (hey-api results carry the Response). */
async function status(call: Promise<{ response?: Response }>): Promise<number | undefined> {
  return (await call).response?.status;
}

async function until(items: unknown[], count: number): Promise<void> {
  await eventually(() => items.length >= count);
}

const payload = { Target: 'newMessage', Arguments: ['héllo', { n: 1 }, 2, null] };

describe('@microsoft/signalr HubConnection against the emulator', () => {
  it('receives broadcasts, user, connection and group invocations with arguments untouched', async () => {
    const sam = await connect('sam');
    const tia = await connect('tia');
    const path = { hub: 'chat' };
    expect(await status(signalRBroadcast({ client: rest, path, body: payload }))).toBe(202);
    await until(sam.received, 1);
    await until(tia.received, 1);
    expect(sam.received[0]).toEqual({ target: 'newMessage', args: ['héllo', { n: 1 }, 2, null] });

    await signalRSendToUser({
      client: rest,
      path: { ...path, user: 'sam' },
      body: { Target: 'other', Arguments: ['u'] },
    });
    await signalRSendToConnection({
      client: rest,
      path: { ...path, connectionId: tia.id },
      body: { Target: 'other', Arguments: ['c'] },
    });
    await signalRAddConnectionToGroup({
      client: rest,
      path: { ...path, group: 'g 1/x', connectionId: tia.id },
    });
    await signalRSendToGroup({
      client: rest,
      path: { ...path, group: 'g 1/x' },
      body: { Target: 'other', Arguments: ['g'] },
    });
    await until(sam.received, 2);
    await until(tia.received, 3);
    expect(sam.received.slice(1)).toEqual([{ target: 'other', args: ['u'] }]);
    expect(tia.received.slice(1)).toEqual([
      { target: 'other', args: ['c'] },
      { target: 'other', args: ['g'] },
    ]);
  });

  it('accepts lowercase target/arguments, repeats excluded, and matches hubs case-insensitively', async () => {
    const a = await connect('ea', { hub: 'Chat' });
    const b = await connect('eb');
    const c = await connect('ec');
    const url = `${emulator.signalR.endpoint}/api/v1/hubs/chat?excluded=${a.id}&excluded=${c.id}`;
    const response = await restCall('POST', url, {
      aud: `${emulator.signalR.endpoint}/api/v1/hubs/chat`,
      body: JSON.stringify({ target: 'newMessage', arguments: ['lower'] }),
      contentType: 'application/json',
    });
    expect(response.status).toBe(202);
    await until(b.received, 1);
    expect(b.received).toEqual([{ target: 'newMessage', args: ['lower'] }]);
    await new Promise((r) => setTimeout(r, 100));
    expect([a.received, c.received]).toEqual([[], []]);
  });

  it('applies a user-group membership to connections the user opens later, until its ttl ends', async () => {
    const path = { hub: 'chat', group: 'later', user: 'uma' };
    await signalRAddUserToGroup({ client: rest, path, query: { ttl: 1 } });
    expect(await status(signalRCheckUserExistenceInGroup({ client: rest, path }))).toBe(200);
    const uma = await connect('uma');
    await signalRSendToGroup({
      client: rest,
      path: { hub: 'chat', group: 'later' },
      body: payload,
    });
    await until(uma.received, 1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await status(signalRCheckUserExistenceInGroup({ client: rest, path }))).toBe(404);
    expect(
      await status(
        signalRCheckGroupExistence({ client: rest, path: { hub: 'chat', group: 'later' } }),
      ),
    ).toBe(404);
  });

  it('removes users from one group or all groups', async () => {
    const ned = await connect('ned');
    const hub = 'chat';
    await signalRAddUserToGroup({ client: rest, path: { hub, group: 'a', user: 'ned' } });
    await signalRAddUserToGroup({ client: rest, path: { hub, group: 'b', user: 'ned' } });
    await signalRAddConnectionToGroup({
      client: rest,
      path: { hub, group: 'c', connectionId: ned.id },
    });
    await signalRRemoveUserFromGroup({ client: rest, path: { hub, group: 'a', user: 'ned' } });
    const inGroup = async (group: string) =>
      await status(
        signalRCheckUserExistenceInGroup({ client: rest, path: { hub, group, user: 'ned' } }),
      );
    expect([await inGroup('a'), await inGroup('b'), await inGroup('c')]).toEqual([404, 200, 200]);
    await signalRRemoveConnectionFromGroup({
      client: rest,
      path: { hub, group: 'c', connectionId: ned.id },
    });
    expect(await inGroup('c')).toBe(404);
    await signalRRemoveUserFromAllGroups({ client: rest, path: { hub, user: 'ned' } });
    expect(await inGroup('b')).toBe(404);
  });

  it('answers existence checks with GET and HEAD, 200 or 404', async () => {
    const { id } = await connect('vic');
    const hub = 'chat';
    expect(
      await status(signalRCheckUserExistence({ client: rest, path: { hub, user: 'vic' } })),
    ).toBe(200);
    expect(
      await status(signalRCheckUserExistence({ client: rest, path: { hub, user: 'nobody' } })),
    ).toBe(404);
    expect(
      await status(
        signalRCheckConnectionExistence({ client: rest, path: { hub, connectionId: id } }),
      ),
    ).toBe(200);
    const head = (path: string) =>
      restCall('HEAD', `${emulator.signalR.endpoint}/api/v1/hubs/chat${path}`).then(
        (r) => r.status,
      );
    expect([
      await head(`/connections/${id}`),
      await head('/connections/none'),
      await head('/users/vic'),
    ]).toEqual([200, 404, 200]);
    const missing = await signalRSendToConnection({
      client: rest,
      path: { hub, connectionId: 'none' },
      body: payload,
    });
    expect(missing.response?.status).toBe(404);
  });

  it('resolves the user from asrs.s.uid, then nameid, then sub', async () => {
    await connect(undefined, {
      claims: { 'asrs.s.uid': 'from-asrs', nameid: 'from-nameid', sub: 'from-sub' },
    });
    await connect(undefined, { claims: { nameid: 'only-nameid', sub: 'ignored-sub' } });
    await connect(undefined, { claims: { sub: 'only-sub' } });
    const exists = async (user: string) =>
      await status(signalRCheckUserExistence({ client: rest, path: { hub: 'chat', user } }));
    expect(
      await Promise.all(
        ['from-asrs', 'only-nameid', 'only-sub', 'from-nameid', 'ignored-sub'].map(exists),
      ),
    ).toEqual([200, 200, 200, 404, 404]);
  });

  it('ends the connection with the REST close reason', async () => {
    const { id, closed, connection } = await connect('closing');
    const result = await signalRCloseConnection({
      client: rest,
      path: { hub: 'chat', connectionId: id },
      query: { reason: 'shutting you down' },
    });
    expect(result.response?.status).toBe(202);
    expect(
      await status(
        signalRCheckConnectionExistence({ client: rest, path: { hub: 'chat', connectionId: id } }),
      ),
    ).toBe(404);
    expect((await closed)?.message).toContain('shutting you down');
    expect(connection.state).toBe('Disconnected');
  });

  it('ignores client invocations without an upstream: send is dropped, invoke gets no completion', async () => {
    const caller = await connect('caller');
    let settled = false;
    const pending = caller.connection.invoke('DoSomething', 1).then(
      () => (settled = true),
      (error: Error) => {
        settled = true;
        return error;
      },
    );
    await caller.connection.send('Notify', 1); // resolves once written, after the invocation
    // A REST send made after both reaches the client after any completion the service sent.
    await signalRSendToConnection({
      client: rest,
      path: { hub: 'chat', connectionId: caller.id },
      body: { Target: 'other', Arguments: ['after'] },
    });
    await until(caller.received, 1);
    expect([settled, caller.connection.state]).toEqual([false, 'Connected']);
    // The client gives up on the invocation only when the connection ends.
    await signalRCloseConnection({
      client: rest,
      path: { hub: 'chat', connectionId: caller.id },
      query: { reason: 'done waiting' },
    });
    expect(await pending).toBeInstanceOf(Error);
    expect(((await pending) as Error).message).toMatch(/done waiting/);
  });

  it('accepts client tokens signed with a key from GET /api/v1/auth/accessKey (kid header)', async () => {
    const { data } = await signalRGetAccessKey({ client: rest });
    const { KeyId, AccessKey } = data as { KeyId: string; AccessKey: string };
    const url = `${emulator.signalR.endpoint}/client/?hub=chat`;
    const token = await signToken({ aud: url, nameid: 'kid-user' }, { key: AccessKey, kid: KeyId });
    const connection = new HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory: () => token, transport: HttpTransportType.WebSockets })
      .configureLogging(LogLevel.None)
      .build();
    open.push(connection);
    await connection.start();
    expect(
      await status(
        signalRCheckUserExistence({ client: rest, path: { hub: 'chat', user: 'kid-user' } }),
      ),
    ).toBe(200);
    // The temporary key is for client tokens only, not for REST.
    const restUrl = `${emulator.signalR.endpoint}/api/v1/hubs/chat`;
    const restToken = await signToken({ aud: restUrl }, { key: AccessKey, kid: KeyId });
    expect((await restCall('POST', restUrl, { token: restToken })).status).toBe(401);
  });
});
