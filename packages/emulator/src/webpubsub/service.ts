// The emulated Web PubSub service: REST under /api (every operation of specs/webpubsub.yaml, CORS for
// browser tools, `HEAD /api/health` without a token as a readiness probe) and the client WebSocket
// endpoint under /client/hubs/{hub}, sharing one in-memory state per hub.
import { webPubSubRestAudience } from '../auth/audiences.js';
import { restAuthenticator, type TokenVerifier } from '../auth/token-verifier.js';
import { applyCors } from '../http/cors.js';
import { HttpError, sendError } from '../http/respond.js';
import { createRestDispatcher, type RestDispatcher } from '../http/rest-dispatcher.js';
import { webPubSubRouteTable } from '../http/route-table.js';
import { Router } from '../http/router.js';
import {
  type ServiceServer,
  type ServiceServerOptions,
  startServiceServer,
} from '../http/service-server.js';
import { NO_PROBE, type Probe } from '../inspector/probe.js';
import { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { webPubSubClientEndpoint } from './client-endpoint.js';
import { noEventHandlers, type WebPubSubEvents } from './events.js';
import { WpsHub } from './hub.js';
import { webPubSubHandlers } from './rest-handlers.js';

export interface WebPubSubServiceOptions {
  readonly host: string;
  readonly port: number;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
  /** Where client events go; default: no event handler configured. */
  readonly events?: WebPubSubEvents;
  /** The inspector's hook. */
  readonly probe?: Probe;
  /** Answers the inspector's requests before the service's routes. */
  readonly intercept?: ServiceServerOptions['intercept'];
}

/** A running Web PubSub service, with its state and its REST pipeline (for the inspector). */
export interface WebPubSubService extends ServiceServer {
  readonly hubs: HubRegistry<WpsHub>;
  readonly rest: RestDispatcher;
}

export async function startWebPubSubService(
  options: WebPubSubServiceOptions,
): Promise<WebPubSubService> {
  const { verifier, log } = options;
  const probe = options.probe ?? NO_PROBE;
  const hubs = new HubRegistry(() => new WpsHub());
  const router = new Router(webPubSubRouteTable);
  const dispatch = createRestDispatcher({
    router,
    handlers: webPubSubHandlers({
      // REST never creates hub state: all of it hangs on connections. A hub without any answers
      // from a fresh, unregistered (and soon garbage) hub.
      hub: (name) => hubs.find(name) ?? new WpsHub(),
      signClientToken: (claims, minutes) => verifier.sign(claims, minutes * 60),
      probe,
    }),
    authenticate: restAuthenticator(verifier, webPubSubRestAudience),
    anonymous: ['HealthApi_GetServiceStatus'],
    probe,
  });
  const events = options.events ?? noEventHandlers;
  const clients = webPubSubClientEndpoint({ hubs, verifier, events, log, probe });
  const server = await startServiceServer({
    name: 'webpubsub',
    host: options.host,
    port: options.port,
    log,
    probe,
    ...(options.intercept ? { intercept: options.intercept } : {}),
    onRequest: (req, res, url) => {
      if (url.pathname.startsWith('/api/')) {
        const preflight = applyCors(req, res, () => {
          const match = router.match('OPTIONS', url.pathname);
          return match.kind === 'method-not-allowed' ? match.allowed : [];
        });
        if (!preflight) return dispatch(req, res, url);
        return;
      }
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
  return { ...server, hubs, rest: dispatch };
}
