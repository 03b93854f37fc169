// The emulated Web PubSub service: REST under /api (every operation of specs/webpubsub.yaml) and the
// client WebSocket endpoint under /client/hubs/{hub}, sharing one in-memory state per hub.
import { webPubSubRestAudience } from '../auth/audiences.js';
import { restAuthenticator, type TokenVerifier } from '../auth/token-verifier.js';
import { HttpError, sendError } from '../http/respond.js';
import { createRestDispatcher } from '../http/rest-dispatcher.js';
import { webPubSubRouteTable } from '../http/route-table.js';
import { Router } from '../http/router.js';
import { type ServiceServer, startServiceServer } from '../http/service-server.js';
import { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { webPubSubClientEndpoint } from './client-endpoint.js';
import { WpsHub } from './hub.js';
import { webPubSubHandlers } from './rest-handlers.js';

export interface WebPubSubServiceOptions {
  readonly host: string;
  readonly port: number;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
}

export async function startWebPubSubService(
  options: WebPubSubServiceOptions,
): Promise<ServiceServer> {
  const { verifier, log } = options;
  const hubs = new HubRegistry(() => new WpsHub());
  const dispatch = createRestDispatcher({
    router: new Router(webPubSubRouteTable),
    handlers: webPubSubHandlers({
      hub: (name) => hubs.get(name),
      signClientToken: (claims, minutes) => verifier.sign(claims, minutes * 60),
    }),
    authenticate: restAuthenticator(verifier, webPubSubRestAudience),
  });
  const clients = webPubSubClientEndpoint({ hubs, verifier, log });
  return startServiceServer({
    name: 'webpubsub',
    host: options.host,
    port: options.port,
    log,
    onRequest: (req, res, url) => {
      if (url.pathname.startsWith('/api/')) return dispatch(req, res, url);
      if (url.pathname.startsWith('/client/')) {
        return sendError(
          req,
          res,
          new HttpError(426, 'UpgradeRequired', 'Connect with a WebSocket.'),
        );
      }
      sendError(req, res, new HttpError(404, 'NotFound', `Nothing is served at ${url.pathname}.`));
    },
    onUpgrade: clients.upgrade,
    onClose: clients.closeAll,
  });
}
