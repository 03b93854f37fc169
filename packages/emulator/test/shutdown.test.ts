import { type ClientRequest, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { TokenVerifier } from '../src/auth/token-verifier.js';
import { startWebPubSubService } from '../src/webpubsub/service.js';
import { spawnCli } from './helpers/cli-process.js';
import { eventually, KEY, signToken, WsProbe } from './helpers.js';

/** A send whose body is only half written: in flight until `finish()`. */
async function halfSent(url: string): Promise<{ req: ClientRequest; status: Promise<number> }> {
  const body = Buffer.from(JSON.stringify({ text: 'in flight' }));
  const token = await signToken({ aud: url });
  const req = request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': body.length,
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
  req.write(body.subarray(0, 5));
  req.flushHeaders();
  return { req: Object.assign(req, { rest: body.subarray(5) }), status };
}

describe('close()', () => {
  it('finishes 200 sends in flight, refuses new connections, then closes sockets with 1001', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const service = await startWebPubSubService({
      host: '127.0.0.1',
      port: 0,
      verifier,
      log: () => {},
    });
    const endpoint = `http://127.0.0.1:${service.port}`;
    let seen = 0;
    service.server.on('request', () => seen++);
    const aud = `${endpoint}/client/hubs/down`;
    const client = await WsProbe.connect(
      `${aud.replace(/^http/, 'ws')}?access_token=${await signToken({ aud })}`,
      'json.webpubsub.azure.v1',
    );
    await client.nextJson();
    const url = `${endpoint}/api/hubs/down/:send?api-version=2024-12-01`;
    const sends = await Promise.all(Array.from({ length: 200 }, () => halfSent(url)));
    // Every request has reached its handler (a connection whose request has not arrived is idle, and
    // closing cuts idle connections).
    await eventually(() => seen >= 200, 10_000);

    const closing = service.close();
    await expect(fetch(`${endpoint}/api/health`)).rejects.toThrow();
    for (const { req } of sends) req.end((req as unknown as { rest: Buffer }).rest);
    expect(await Promise.all(sends.map((s) => s.status))).toEqual(sends.map(() => 202));
    await closing;
    expect(await client.closed).toEqual({ code: 1001, reason: 'The emulator is shutting down.' });
    // The 200 sends were delivered before the socket closed.
    expect(client.frames.length).toBe(200);
  });
});

describe('the hubcast-emulator bin', () => {
  it('waits for a request in flight on SIGTERM, and exits at once on a second signal', async () => {
    const cli = spawnCli();
    const { child, exited } = cli;
    await eventually(() => /Port=(\d+)/.test(cli.out), 5000);
    const port = /Port=(\d+)/.exec(cli.out)?.[1];
    const pending = await halfSent(
      `http://127.0.0.1:${port}/api/hubs/cli/:send?api-version=2024-12-01`,
    );
    pending.status.catch(() => {}); // cut by the second signal
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    await eventually(() => cli.out.includes('Received SIGTERM, stopping...'));
    await new Promise((r) => setTimeout(r, 300));
    expect(child.exitCode).toBeNull(); // still draining the request in flight
    const second = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(Date.now() - second).toBeLessThan(2000);
  });
});
