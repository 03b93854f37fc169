import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DEFAULT_ACCESS_KEY } from '../src/index.js';
import { answer, startRawApp } from './helpers/apps.js';
import { spawnCli } from './helpers/cli-process.js';
import { eventually, restCall, signToken, WsProbe } from './helpers.js';

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
      expect(emulator?.inspectUrl).toBe(`${emulator?.webPubSub.endpoint}/_hubcast/inspector/`);
      expect(output.out).toContain(`\nInspect     ${emulator?.inspectUrl}\n`);
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

  it('switches the inspector off with --no-inspector', async () => {
    const output = capture();
    const ports = ['--web-pubsub-port', '0', '--signalr-port', '0'];
    const emulator = await main(
      ['node', 'hubcast-emulator', ...ports, '--no-inspector'],
      output.io,
    );
    try {
      expect(emulator?.inspectUrl).toBeUndefined();
      expect(output.out).toContain('\nInspect     off (--no-inspector)\n');
      const page = await fetch(`${emulator?.webPubSub.endpoint}/_hubcast/inspector/`);
      expect(page.status).toBe(404);
    } finally {
      await emulator?.close();
    }
  });

  it('prints usage for --help without starting anything', async () => {
    const output = capture();
    expect(await main(['node', 'hubcast-emulator', '--help'], output.io)).toBeUndefined();
    expect(output.out).toContain('--web-pubsub-port <port>');
    const help = output.out.replace(/\s+/g, ' '); // commander wraps long lines
    expect(help).toContain('(default: 8080)');
    expect(help).toContain('(default: 8888)');
    expect(help).toContain('--event-handler <settings>');
    expect(help).toContain('--upstream <settings>');
    expect(help).toContain('--config <file>');
    expect(help).toContain('--no-inspector');
  });

  it('calls the handlers of --config and --event-handler, lists them, and logs each call', async () => {
    const app = await startRawApp((request, res) =>
      request.headers['ce-type'] === 'azure.webpubsub.user.message'
        ? answer(res, 200, `app got ${request.body}`, { 'content-type': 'text/plain' })
        : answer(res, 200, '', { 'webhook-allowed-origin': '*' }),
    );
    const config = join(tmpdir(), `hubcast-cli-${process.pid}.json`);
    await writeFile(
      config,
      JSON.stringify({
        eventHandlers: [
          { hub: 'other', urlTemplate: `${app.url}/never`, systemEvents: ['connect'] },
        ],
      }),
    );
    const output = capture();
    const emulator = await main(
      [
        ...['node', 'hubcast-emulator', '--web-pubsub-port', '0', '--signalr-port', '0'],
        ...[
          '--config',
          config,
          '--event-handler',
          `hub=chat url-template=${app.url}/eh/{event} user-event-pattern=*`,
        ],
        ...['--upstream', `${app.url}/upstream/{category}?code=hidden`],
      ],
      output.io,
    );
    try {
      expect(output.out).toContain(
        [
          'Event handlers (Web PubSub, first match wins):',
          `  hub other: ${app.url}/never  (system events connect)`,
          `  hub chat: ${app.url}/eh/{event}  (user events *)`,
          'Upstream (SignalR, first match wins):',
          `  ${app.url}/upstream/{category}?…  (hubs *; categories *; events *)`,
        ].join('\n'),
      );
      const aud = `${emulator?.webPubSub.endpoint}/client/hubs/chat`;
      const probe = await WsProbe.connect(
        `${aud.replace(/^http/, 'ws')}?access_token=${await signToken({ aud })}`,
      );
      probe.socket.send('hi');
      expect((await probe.next()).data.toString()).toBe('app got hi');
      await probe.close();
      expect(app.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'OPTIONS /eh/validate',
        'POST /eh/message',
      ]);
      expect(output.out).toMatch(
        /\[webpubsub\] event handler message hub=chat connection=\S+ POST http:\/\/127\.0\.0\.1:\d+\/eh\/message 200 [\d.]+ms: reply \(text, 10 bytes\)$/m,
      );
    } finally {
      await emulator?.close();
      await app.close();
    }
  });

  it('refuses bad event handler or upstream settings, naming the flag', async () => {
    const output = capture();
    await expect(
      main(
        [
          'node',
          'hubcast-emulator',
          '--event-handler',
          'url-template=http://x/{events} user-event-pattern=*',
        ],
        output.io,
      ),
    ).rejects.toThrow(
      '--event-handler #1: url-template: unknown placeholder {events}; use {hub}, {event}.',
    );
    await expect(
      main(
        ['node', 'hubcast-emulator', '--upstream', 'http://ok/', '--upstream', 'event=x'],
        output.io,
      ),
    ).rejects.toThrow(
      '--upstream #2: unknown key "event"; the keys are url-template, hub-pattern, category-pattern, event-pattern.',
    );
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
  it('runs from dist, serves REST, and stops cleanly on SIGINT', async () => {
    const cli = spawnCli();
    const { child, exited } = cli;
    try {
      await eventually(() => connectionStrings(cli.out).length === 2, 5000);
      const [wps, sr] = connectionStrings(cli.out);
      expect(wps?.[2]).toBe(DEFAULT_ACCESS_KEY);
      const health = await restCall('HEAD', `http://127.0.0.1:${sr?.[1]}/api/v1/health`);
      expect(health.status).toBe(200);
      await eventually(() => cli.out.includes('[signalr] HEAD /api/v1/health 200'));
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(cli.out).toContain('Received SIGINT, stopping...');
    expect(cli.out).toContain('Stopped.');
  });
});
