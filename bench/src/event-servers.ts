// The servers of item 6: one app (its handleUserEvent echoes the event with the sender's user id, as
// JSON), served the ways users serve it. `@azure/web-pubsub-express` 1.1.0 only runs in Express (it
// reads Express's req.path and req.baseUrl); hubcast's handler runs there too, on a bare node:http
// server through the same getMiddleware(), and as a fetch handler (here on srvx, a universal server
// whose Node adapter builds the web Request lazily).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  WebPubSubEventHandler as AzureHandler,
  type WebPubSubEventHandlerOptions as AzureOptions,
} from '@azure/web-pubsub-express';
import { WebPubSubEventHandler } from '@hubcast/server/events';
import express from 'express';
import { serve } from 'srvx';

export const EVENT_SERVERS = [
  'azureExpress',
  'hubcastExpress',
  'hubcastNode',
  'hubcastFetch',
] as const;
export type EventServerName = (typeof EVENT_SERVERS)[number];

export const EVENT_SERVER_LABELS: Record<EventServerName, string> = {
  azureExpress: '@azure/web-pubsub-express 1.1.0 in Express 5 (no signature check)',
  hubcastExpress: '@hubcast/server/events getMiddleware() in Express 5',
  hubcastNode: '@hubcast/server/events getMiddleware() on node:http',
  hubcastFetch: '@hubcast/server/events fetch() on srvx',
};

export interface EventServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The app, written once against the official package's types. */
export const APP: AzureOptions = {
  handleUserEvent(req, res) {
    res.success(JSON.stringify({ from: req.context.userId, echo: req.data }), 'json');
  },
};

function listening(server: Server): Promise<EventServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

export async function startEventServer(
  name: EventServerName,
  hub: string,
  path: string,
  connectionString: string,
): Promise<EventServer> {
  const options = { ...APP, path };
  if (name === 'azureExpress') {
    const app = express();
    app.use(new AzureHandler(hub, options).getMiddleware());
    return listening(createServer(app));
  }
  const hubcast = new WebPubSubEventHandler(hub, { ...options, connectionString });
  if (name === 'hubcastExpress') {
    const app = express();
    app.use(hubcast.getMiddleware());
    return listening(createServer(app));
  }
  if (name === 'hubcastNode') {
    const middleware = hubcast.getMiddleware();
    return listening(createServer((req, res) => void middleware(req, res)));
  }
  const server = serve({
    fetch: (request) => hubcast.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
    silent: true,
    gracefulShutdown: false,
  });
  await server.ready();
  return {
    port: Number(new URL(server.url as string).port),
    close: () => server.close(true),
  };
}
