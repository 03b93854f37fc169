import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY, startEmulator } from '../src/index.js';
import { officialServiceClient } from './helpers.js';

describe('startEmulator()', () => {
  it('gives each service its own endpoint and a connection string for the SDKs', async () => {
    const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
    try {
      const wps = new URL(emulator.webPubSub.endpoint);
      const sr = new URL(emulator.signalR.endpoint);
      expect(wps.port).not.toBe(sr.port);
      expect(emulator.webPubSub.connectionString).toBe(
        `Endpoint=http://127.0.0.1;Port=${wps.port};AccessKey=${DEFAULT_ACCESS_KEY};Version=1.0;`,
      );
      expect(emulator.signalR.connectionString).toBe(
        `Endpoint=http://127.0.0.1;Port=${sr.port};AccessKey=${DEFAULT_ACCESS_KEY};Version=1.0;`,
      );
    } finally {
      await emulator.close();
    }
  });

  it('uses a custom access key, which util.inspect never shows', async () => {
    const accessKey = 'my-own-secret-key-0123456789';
    const emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0, accessKey });
    try {
      expect(inspect(emulator, { depth: 5 })).not.toContain(accessKey);
      expect(inspect(emulator.webPubSub)).toContain('AccessKey=<redacted>');
      const hub = officialServiceClient(emulator, 'chat');
      expect(await hub.userExists('nobody')).toBe(false);
      const wrongKey = new WebPubSubServiceClient(
        emulator.webPubSub.connectionString.replace(accessKey, DEFAULT_ACCESS_KEY),
        'chat',
        { allowInsecureConnection: true },
      );
      await expect(wrongKey.userExists('nobody')).rejects.toMatchObject({ statusCode: 401 });
    } finally {
      await emulator.close();
      await emulator.close(); // a second close is harmless
    }
  });

  it.each([
    [{ webPubSubPort: -1 }, RangeError, /options\.webPubSubPort/],
    [{ signalRPort: 70000 }, RangeError, /options\.signalRPort/],
    [{ signalRPort: '8888' }, TypeError, /options\.signalRPort must be a number/],
    [{ host: '' }, TypeError, /options\.host/],
    [{ accessKey: '' }, TypeError, /options\.accessKey/],
    [{ log: 'yes' }, TypeError, /options\.log/],
    [{ signalRKeepAliveIntervalMs: 60_000 }, RangeError, /signalRKeepAliveIntervalMs/],
    [{ signalRInvocationTimeoutMs: 5 }, RangeError, /signalRInvocationTimeoutMs/],
    [{ signalRInvocationTimeoutMs: '30s' }, TypeError, /signalRInvocationTimeoutMs/],
  ])('rejects %j before listening', async (options, type, message) => {
    const attempt = startEmulator(options as never);
    await expect(attempt).rejects.toThrow(type);
    await expect(attempt).rejects.toThrow(message);
  });

  it('fails clearly when a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmulator({ webPubSubPort: 0, signalRPort: port })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      blocker.close();
    }
  });
});
