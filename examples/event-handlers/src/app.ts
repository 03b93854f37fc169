// The Hono app: both handlers are plain `fetch(Request)` functions, so a route passes the raw request
// through. The same file runs on Node (server.ts), Cloudflare Workers, Deno and Bun.
import { Hono } from 'hono';
import type { Handlers } from './handlers.js';

export function createApp({ webPubSub, signalR }: Handlers): Hono {
  const app = new Hono();
  // Web PubSub event handler URL: https://<app>/api/webpubsub/hubs/chat/ (POST events, OPTIONS check).
  app.on(['POST', 'OPTIONS'], `${webPubSub.path}*`, (c) =>
    webPubSub.fetch(c.req.raw, waitUntilOf(c)),
  );
  // SignalR upstream URL template: https://<app>/api/signalr/{hub}/{category}/{event}
  app.post('/api/signalr/*', (c) => signalR.fetch(c.req.raw));
  return app;
}

/** Workers' `waitUntil`, when there is one (Hono's executionCtx throws outside Workers). */
function waitUntilOf(c: { executionCtx: { waitUntil(promise: Promise<unknown>): void } }) {
  try {
    const context = c.executionCtx;
    return { waitUntil: (promise: Promise<unknown>) => context.waitUntil(promise) };
  } catch {
    return undefined;
  }
}
