// The Express variant: `getMiddleware()` serves each handler's own path and passes everything else on,
// as @azure/web-pubsub-express does, so the handlers sit in front of the app's other routes.
import express from 'express';
import type { Handlers } from './handlers.js';

export function createExpressApp({ webPubSub, signalR }: Handlers): express.Express {
  const app = express();
  app.use(webPubSub.getMiddleware());
  app.use('/api/signalr', signalR.getMiddleware());
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  return app;
}
