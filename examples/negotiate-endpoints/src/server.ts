// Serves the negotiate endpoints with @hono/node-server. Run: pnpm build && pnpm start
// (needs WEBPUBSUB_CONNECTION_STRING and SIGNALR_CONNECTION_STRING, e.g. from `pnpm emulator`).
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import { createApp, type Services } from './app.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(services: Services, port = 3000): Promise<RunningServer> {
  const app = createApp(services);
  let server: ReturnType<typeof serve> | undefined;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, resolve);
  });
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server?.close(() => resolve())),
  };
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run \`pnpm emulator\` for local ones)`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const hub = process.env.HUB ?? 'chat';
  const { url } = await startServer({
    webPubSub: new WebPubSubServiceClient(requireEnv('WEBPUBSUB_CONNECTION_STRING'), hub),
    signalR: new SignalRServiceClient(requireEnv('SIGNALR_CONNECTION_STRING'), hub),
  });
  console.log(`negotiate endpoints on ${url}`);
}
