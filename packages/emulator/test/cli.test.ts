// The hubcast-emulator CLI: main() in-process, and the built bin as a child process stopped by SIGINT.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DEFAULT_ACCESS_KEY } from '../src/index.js';
import { eventually, restCall } from './helpers.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: {
      out: (t: string) => {
        out += t;
      },
      err: (t: string) => {
        err += t;
      },
    },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

const connectionStrings = (text: string) => [
  ...text.matchAll(/Endpoint=http:\/\/127\.0\.0\.1;Port=(\d+);AccessKey=([^;]+);Version=1\.0;/g),
];

describe('main()', () => {
  it('starts both services, prints both connection strings and logs each REST call', async () => {
    const output = capture();
    const emulator = await main(
      [
        'node',
        'hubcast-emulator',
        '--web-pubsub-port',
        '0',
        '--signalr-port',
        '0',
        '--access-key',
        'cli-key',
      ],
      output.io,
    );
    try {
      const strings = connectionStrings(output.out);
      expect(strings.map((m) => m[0])).toEqual([
        emulator?.webPubSub.connectionString,
        emulator?.signalR.connectionString,
      ]);
      expect(strings.map((m) => m[2])).toEqual(['cli-key', 'cli-key']);
      const hub = new WebPubSubServiceClient(
        emulator?.webPubSub.connectionString as string,
        'chat',
        {
          allowInsecureConnection: true,
        },
      );
      await hub.sendToAll({ hello: 'cli' });
      expect(output.out).toMatch(
        /^\S+Z \[webpubsub\] POST \/api\/hubs\/chat\/:send 202 [\d.]+ms$/m,
      );
    } finally {
      await emulator?.close();
    }
  });

  it('prints usage for --help without starting anything', async () => {
    const output = capture();
    expect(await main(['node', 'hubcast-emulator', '--help'], output.io)).toBeUndefined();
    expect(output.out).toContain('--web-pubsub-port <port>');
    expect(output.out).toContain('(default: 8080)');
    expect(output.out).toContain('(default: 8888)');
  });

  it('rejects a bad port naming the option', async () => {
    const output = capture();
    await expect(
      main(['node', 'hubcast-emulator', '--signalr-port', '99999'], output.io),
    ).rejects.toThrow(/--signalr-port/);
    expect(output.err).toContain('Use an integer from 0 to 65535');
  });
});

describe('the hubcast-emulator bin', () => {
  const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

  it('runs from dist, serves REST, and stops cleanly on SIGINT', async () => {
    if (!existsSync(bin))
      throw new Error('dist/cli.js is missing: run `pnpm --filter @hubcast/emulator build` first');
    const child = spawn(process.execPath, [bin, '--web-pubsub-port', '0', '--signalr-port', '0'], {
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      await eventually(() => connectionStrings(out).length === 2, 5000);
      const [wps, sr] = connectionStrings(out);
      expect(wps?.[2]).toBe(DEFAULT_ACCESS_KEY);
      const health = await restCall('HEAD', `http://127.0.0.1:${sr?.[1]}/api/v1/health`);
      expect(health.status).toBe(200);
      await eventually(() => out.includes('[signalr] HEAD /api/v1/health 200'));
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Received SIGINT, stopping...');
    expect(out).toContain('Stopped.');
  });
});
