// Broadcasts one message to every client of a Web PubSub hub:
//   node dist/broadcast.js [--hub chat] [--json] <message…>
// Uses WEBPUBSUB_CONNECTION_STRING, or an in-process emulator when it is unset.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { WebPubSubServiceClient } from '@hubcast/server';

const USAGE = 'usage: broadcast [--hub <hub>] [--json] <message…>';

export async function main(
  argv: readonly string[] = process.argv.slice(2),
  env: Record<string, string | undefined> = process.env,
  log: (line: string) => void = console.log,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      hub: { type: 'string', default: 'chat' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new TypeError(`message is required; ${USAGE}`);
  const text = positionals.join(' ');

  // Without a connection string there is no service to reach, so bring up a local one.
  let connectionString = env.WEBPUBSUB_CONNECTION_STRING;
  let emulator: Emulator | undefined;
  if (!connectionString) {
    emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
    connectionString = emulator.webPubSub.connectionString;
    log(`no WEBPUBSUB_CONNECTION_STRING: using an emulator at ${emulator.webPubSub.endpoint}`);
  }
  try {
    const service = new WebPubSubServiceClient(connectionString, values.hub);
    // --json sends the text parsed as JSON; otherwise it goes out as a text/plain frame.
    if (values.json) await service.sendToAll(JSON.parse(text));
    else await service.sendToAll(text, { contentType: 'text/plain' });
    log(`broadcast to hub "${values.hub}": ${text}`);
  } finally {
    await emulator?.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
