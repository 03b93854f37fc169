// Serves the Hono app on Node (port 3000) and the Express app (port 3001). Run: pnpm build && pnpm start
// (needs WEBPUBSUB_CONNECTION_STRING and SIGNALR_CONNECTION_STRING, e.g. from `pnpm emulator`).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { createExpressApp } from './express-app.js';
import { createHandlers, type HandlerConfig, type Handlers } from './handlers.js';

export interface RunningServers {
  honoUrl: string;
  expressUrl: string;
  handlers: Handlers;
  close(): Promise<void>;
}

export async function startServers(
  config: HandlerConfig,
  ports = { hono: 3000, express: 3001 },
): Promise<RunningServers> {
  const handlers = createHandlers(config);
  let hono: ReturnType<typeof serve> | undefined;
  const honoAddress = await new Promise<AddressInfo>((resolve) => {
    hono = serve(
      { fetch: createApp(handlers).fetch, port: ports.hono, hostname: '127.0.0.1' },
      resolve,
    );
  });
  const server: Server = createExpressApp(handlers).listen(ports.express, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const close = (target?: { close(callback: () => void): unknown }) =>
    new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
  return {
    honoUrl: `http://127.0.0.1:${honoAddress.port}`,
    expressUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handlers,
    close: async () => {
      await Promise.all([close(hono), close(server)]);
    },
  };
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run \`pnpm emulator\` for local ones)`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { honoUrl, expressUrl } = await startServers({
    webPubSubConnectionString: requireEnv('WEBPUBSUB_CONNECTION_STRING'),
    signalRConnectionString: requireEnv('SIGNALR_CONNECTION_STRING'),
    hub: process.env.HUB ?? 'chat',
  });
  console.log(`event handlers: Hono on ${honoUrl}, Express on ${expressUrl}`);
}
