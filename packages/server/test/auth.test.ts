// REST token signing and caching: one token per audience reused until shortly before expiry, a bounded
// cache, key rotation through AzureKeyCredential.update, and Entra ID tokens fetched once and shared.
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenCache } from '../src/auth/token-cache.js';
import { AzureKeyCredential, WebPubSubServiceClient } from '../src/index.js';
import { bearerOf } from './helpers/jwt.js';
import { useRecordingServer } from './helpers/recording-server.js';

const server = useRecordingServer();

afterEach(() => {
  vi.useRealTimers();
});

const tokenOf = (authorization: unknown) => String(authorization).slice('Bearer '.length);

describe('key credential tokens', () => {
  it('reuses the token of an audience and signs a new one for another URL', async () => {
    const client = new WebPubSubServiceClient(server.url, new AzureKeyCredential('k1'), 'hub');
    await client.sendToAll('a');
    await client.sendToAll('b');
    await client.sendToAll('c', { filter: "userId eq 'x'" });
    const [first, second, third] = server.take().map((r) => r.headers.authorization);
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(bearerOf(third).claims.aud).toBe(
      `${server.url}/api/hubs/hub/:send?api-version=2024-12-01&filter=userId%20eq%20%27x%27`,
    );
  });

  it('signs a fresh token shortly before the cached one expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const client = new WebPubSubServiceClient(server.url, new AzureKeyCredential('k1'), 'hub');
    await client.sendToAll('a');
    vi.advanceTimersByTime(50 * 60 * 1000);
    await client.sendToAll('a');
    vi.advanceTimersByTime(6 * 60 * 1000);
    await client.sendToAll('a');
    const [first, second, third] = server.take().map((r) => r.headers.authorization);
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(bearerOf(third).claims.iat).toBe((bearerOf(first).claims.iat as number) + 56 * 60);
  });

  it('signs with the new key after AzureKeyCredential.update', async () => {
    const credential = new AzureKeyCredential('old-key');
    const client = new WebPubSubServiceClient(server.url, credential, 'hub');
    await client.sendToAll('a');
    credential.update('new-key');
    await client.sendToAll('a');
    const { token } = await client.getClientAccessToken();
    const [before, after] = server.take().map((r) => tokenOf(r.headers.authorization));
    const key = (k: string) => new TextEncoder().encode(k);
    await expect(jwtVerify(before as string, key('old-key'))).resolves.toBeDefined();
    await expect(jwtVerify(after as string, key('new-key'))).resolves.toBeDefined();
    await expect(jwtVerify(token, key('new-key'))).resolves.toBeDefined();
  });

  it('accepts any object with a key, like @azure/core-auth credentials', async () => {
    const client = new WebPubSubServiceClient(server.url, { key: 'plain-object-key' }, 'hub');
    await client.sendToAll('a');
    const [request] = server.take();
    await expect(
      jwtVerify(
        tokenOf(request?.headers.authorization),
        new TextEncoder().encode('plain-object-key'),
      ),
    ).resolves.toBeDefined();
  });
});

describe('TokenCache', () => {
  it('stays within its bound, dropping the oldest entry', () => {
    const cache = new TokenCache(3);
    for (const aud of ['a', 'b', 'c', 'd']) cache.set(aud, `t-${aud}`, 1000);
    expect(cache.size).toBe(3);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('d', 0)).toBe('t-d');
  });

  it('forgets entries once they are due for renewal', () => {
    const cache = new TokenCache();
    cache.set('a', 't', 1000);
    expect(cache.get('a', 999)).toBe('t');
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe('Entra ID tokens', () => {
  it('are fetched once for concurrent requests and renewed before they expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let calls = 0;
    const credential = {
      getToken: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { token: `entra-${calls}`, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
      },
    };
    const client = new WebPubSubServiceClient(server.url, credential, 'hub');
    await Promise.all([client.sendToAll('a'), client.userExists('u'), client.closeConnection('c')]);
    expect(calls).toBe(1);
    vi.advanceTimersByTime(57 * 60 * 1000);
    await client.sendToAll('a');
    expect(calls).toBe(1);
    vi.advanceTimersByTime(2 * 60 * 1000);
    await client.sendToAll('a');
    expect(calls).toBe(2);
    expect(server.take().map((r) => r.headers.authorization)).toEqual([
      'Bearer entra-1',
      'Bearer entra-1',
      'Bearer entra-1',
      'Bearer entra-1',
      'Bearer entra-2',
    ]);
  });

  it('a failing getToken fails the call without a request', async () => {
    const client = new WebPubSubServiceClient(
      server.url,
      { getToken: async () => Promise.reject(new Error('no identity')) },
      'hub',
    );
    await expect(client.sendToAll('a')).rejects.toThrow('no identity');
    const empty = new WebPubSubServiceClient(server.url, { getToken: async () => null }, 'hub');
    await expect(empty.sendToAll('a')).rejects.toThrow(/returned no token/);
    expect(server.take()).toHaveLength(0);
  });
});
