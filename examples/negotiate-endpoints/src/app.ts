// The negotiate endpoints: a client asks the app server, which mints a short-lived service URL and
// token with @hubcast/server. In a real app, take the user id from your session, not the query.
import type { SignalRServiceClient, WebPubSubServiceClient } from '@hubcast/server';
import { Hono } from 'hono';

export interface Services {
  webPubSub: WebPubSubServiceClient;
  signalR: SignalRServiceClient;
}

export function createApp({ webPubSub, signalR }: Services): Hono {
  const app = new Hono();

  // Web PubSub: the client opens a WebSocket to `url` (the token is in its query string).
  app.get('/negotiate/webpubsub', async (c) => {
    const userId = c.req.query('userId');
    if (!userId) return c.json({ error: 'userId is required' }, 400);
    const { url } = await webPubSub.getClientAccessToken({ userId });
    return c.json({ url });
  });

  // SignalR: `new HubConnectionBuilder().withUrl('<app>/signalr?userId=…')` POSTs here first; the
  // `{ url, accessToken }` answer redirects the client to the service.
  app.post('/signalr/negotiate', async (c) => {
    const userId = c.req.query('userId');
    if (!userId) return c.json({ error: 'userId is required' }, 400);
    return c.json(await signalR.negotiate({ userId }));
  });

  return app;
}
