// The demo's app server: what the services call back. Web PubSub posts a client's `echo` event to its
// event handler, which answers the sender and relays a copy to alice through REST; SignalR Service
// posts a client's `echo` invocation upstream, and what the hub method returns completes the
// client's invoke(). Both handlers check the services' signatures with the access key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebPubSubServiceClient } from '@hubcast/server';
import { SignalRUpstreamHandler, WebPubSubEventHandler } from '@hubcast/server/events';

export interface DemoApp {
  /** The app's base URL, where the event handler and the upstream are served. */
  readonly url: string;
  /** What the handlers were called with, in order (`web pubsub: echo from bob`). */
  readonly seen: string[];
  /** Starts answering, once the services' connection strings are known. */
  serve(webPubSubConnectionString: string, signalRConnectionString: string): void;
  close(): Promise<void>;
}

/** A server listening at once (the emulator needs its URL); it answers 503 until `serve()`. */
export async function startDemoApp(hub: string): Promise<DemoApp> {
  const seen: string[] = [];
  let handle = (_req: IncomingMessage, res: ServerResponse): void => void res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    serve(webPubSubConnectionString, signalRConnectionString) {
      const wps = new WebPubSubServiceClient(webPubSubConnectionString, hub);
      const events = new WebPubSubEventHandler(hub, {
        connectionString: webPubSubConnectionString,
        path: '/eventhandler/',
        async handleUserEvent(req, res) {
          const from = req.context.userId ?? req.context.connectionId;
          const text = (req.data as { text?: unknown }).text;
          seen.push(`web pubsub: ${req.context.eventName} from ${from}`);
          await wps.sendToUser('alice', { step: 'handler', relayed: `${from} said "${text}"` });
          res.success(JSON.stringify({ step: 'handler', reply: `the app got "${text}"` }), 'json');
        },
      }).getMiddleware();
      const upstream = new SignalRUpstreamHandler<{ echo(text: string): string }>({
        connectionString: signalRConnectionString,
        path: '/upstream/',
        handlers: {
          echo: ([text], context) => {
            seen.push(`signalr: echo from ${context.userId}`);
            return `the app got "${text}"`;
          },
        },
      }).getMiddleware();
      handle = (req, res) => {
        void (req.url?.startsWith('/upstream/') ? upstream(req, res) : events(req, res));
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
