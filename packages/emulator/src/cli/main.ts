// The `hubcast-emulator` command: starts both services, prints their connection strings and the
// event handlers and upstreams it will call, logs one line per connection, REST call and call to the
// app, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
import { Command, InvalidArgumentError } from 'commander';
import { type Emulator, startEmulator } from '../emulator.js';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_HOST,
  DEFAULT_SIGNALR_PORT,
  DEFAULT_WEB_PUBSUB_PORT,
} from '../options.js';
import { isLoopback } from '../shared/loopback.js';
import { resolveEventHandlers, resolveUpstreamTemplates } from '../upstream/settings.js';
import {
  describeUpstream,
  parseEventHandlerFlag,
  parseUpstreamFlag,
  readConfigFile,
} from './upstream-flags.js';

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('Use an integer from 0 to 65535 (0 picks a free port).');
  }
  return port;
}

function milliseconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Use a whole number of milliseconds.');
  return Number(value);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function program(io: CliIO): Command {
  return new Command()
    .name('hubcast-emulator')
    .description('Local Azure Web PubSub and Azure SignalR Service (serverless) emulator.')
    .option(
      '--web-pubsub-port <port>',
      'Web PubSub port (0 = any free port)',
      portOption,
      DEFAULT_WEB_PUBSUB_PORT,
    )
    .option(
      '--signalr-port <port>',
      'SignalR port (0 = any free port)',
      portOption,
      DEFAULT_SIGNALR_PORT,
    )
    .option('--host <host>', 'interface to listen on', DEFAULT_HOST)
    .option(
      '--access-key <key>',
      'AccessKey for both services (default: the well-known emulator key)',
    )
    .option(
      '--event-handler <settings>',
      'a Web PubSub event handler, e.g. "hub=chat url-template=http://localhost:3000/eventhandler user-event-pattern=* system-events=connect,connected,disconnected", or just a URL (repeatable; first match wins)',
      collect,
    )
    .option(
      '--upstream <settings>',
      'a SignalR upstream, e.g. "url-template=http://localhost:7071/runtime/webhooks/signalr hub-pattern=* category-pattern=* event-pattern=*", or just a URL (repeatable; first match wins)',
      collect,
    )
    .option('--config <file>', 'a JSON file with "eventHandlers" and "upstreamTemplates" lists')
    .option(
      '--upstream-timeout <ms>',
      'how long one call to an event handler or upstream may take (default 30000)',
      milliseconds,
    )
    .option(
      '--inspector',
      'serve the live inspector page and API (default: on when --host is a loopback address)',
    )
    .option('--no-inspector', 'do not serve the live inspector')
    .option('-q, --quiet', 'do not log connections, REST calls and calls to the app')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
}

/**
 * Parses `argv` (as in process.argv), starts the emulator and prints how to reach it. Resolves to
 * the running emulator, or to undefined when the arguments only asked for --help or --version.
 */
export async function main(
  argv: readonly string[],
  io: CliIO = processIO,
): Promise<Emulator | undefined> {
  const cli = program(io);
  try {
    cli.parse([...argv]);
  } catch (error) {
    if ((error as { code?: string }).code === 'commander.helpDisplayed') return undefined;
    throw error;
  }
  // commander camel-cases `--web-pubsub-port` as `webPubsubPort`.
  const opts = cli.opts<{
    webPubsubPort: number;
    signalrPort: number;
    host: string;
    accessKey?: string;
    quiet?: boolean;
    eventHandler?: string[];
    upstream?: string[];
    config?: string;
    upstreamTimeout?: number;
    inspector?: boolean;
  }>();
  // The file's entries first, then the flags', each list in the order given: the first match wins.
  const file = opts.config
    ? await readConfigFile(opts.config)
    : { eventHandlers: [], upstreamTemplates: [] };
  const eventHandlers = [
    ...file.eventHandlers,
    ...(opts.eventHandler ?? []).map((text, i) => parseEventHandlerFlag(text, i + 1)),
  ];
  const upstreamTemplates = [
    ...file.upstreamTemplates,
    ...(opts.upstream ?? []).map((text, i) => parseUpstreamFlag(text, i + 1)),
  ];
  const emulator = await startEmulator({
    eventHandlers,
    upstreamTemplates,
    ...(opts.upstreamTimeout === undefined ? {} : { upstreamTimeoutMs: opts.upstreamTimeout }),
    webPubSubPort: opts.webPubsubPort,
    signalRPort: opts.signalrPort,
    host: opts.host,
    accessKey: opts.accessKey ?? DEFAULT_ACCESS_KEY,
    ...(opts.inspector === undefined ? {} : { inspector: opts.inspector }),
    ...(opts.quiet
      ? {}
      : { log: (line: string) => io.out(`${new Date().toISOString()} ${line}\n`) }),
  });
  io.out(
    [
      'hubcast emulator is running. Press Ctrl-C to stop.',
      '',
      `Web PubSub  ${emulator.webPubSub.endpoint}`,
      `  ${emulator.webPubSub.connectionString}`,
      `SignalR     ${emulator.signalR.endpoint}`,
      `  ${emulator.signalR.connectionString}`,
      ...inspectLines(emulator, opts.host),
      '',
      ...describeUpstream(
        resolveEventHandlers(eventHandlers),
        resolveUpstreamTemplates(upstreamTemplates),
      ),
      '',
      '',
    ].join('\n'),
  );
  return emulator;
}

/** Where the inspector is, or why it is off; a warning when it is reachable from other machines. */
function inspectLines(emulator: Emulator, host: string): string[] {
  if (emulator.inspectUrl === undefined) {
    return [
      `Inspect     off (${isLoopback(host) ? '--no-inspector' : 'not on loopback; --inspector turns it on'})`,
    ];
  }
  const lines = [`Inspect     ${emulator.inspectUrl}`];
  if (!isLoopback(host)) {
    lines.push('  Warning: other machines can reach the inspector, and it has no authentication.');
  }
  return lines;
}

/** The bin: runs main() and closes the emulator on the first SIGINT/SIGTERM (a second one forces exit). */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  let emulator: Emulator | undefined;
  try {
    emulator = await main(argv);
  } catch (error) {
    const commanderExit = (error as { exitCode?: number }).exitCode;
    if (commanderExit === undefined)
      processIO.err(`hubcast-emulator: ${(error as Error).message}\n`);
    process.exitCode = commanderExit ?? 1;
    return;
  }
  if (!emulator) return;
  const running = emulator;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    processIO.out(`\nReceived ${signal}, stopping...\n`);
    running.close().then(() => {
      processIO.out('Stopped.\n');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
