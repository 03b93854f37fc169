// The emulated SignalR Service (serverless): v1 REST under /api/v1 (every operation of
// specs/signalr-v1.yaml), the current REST API under /api/hubs, /api/health and /api/auth (every
// operation of specs/signalr.yaml), each with its own audience rule, and negotiate and the three
// client transports under /client.
import { signalRCurrentRestAudience, signalRRestAudience } from '../auth/audiences.js';
import { restAuthenticator, type TokenVerifier } from '../auth/token-verifier.js';
import { HttpError, sendError } from '../http/respond.js';
import { createRestDispatcher, type RestDispatcher } from '../http/rest-dispatcher.js';
import { signalRCurrentRouteTable, signalRRouteTable } from '../http/route-table.js';
import { Router } from '../http/router.js';
import { type ServiceServer, startServiceServer } from '../http/service-server.js';
import { NO_PROBE, type Probe } from '../inspector/probe.js';
import { DEFAULT_INVOCATION_TIMEOUT_MS } from '../options.js';
import { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { signalRClientEndpoint } from './client-endpoint.js';
import { SrHub } from './hub.js';
import { signalRHandlers } from './rest-handlers.js';
import { applicationHub, signalRCurrentHandlers } from './rest-handlers-current.js';
import type { HttpTransportSettings } from './transports/http-endpoint.js';
import type { SignalRUpstream } from './upstream.js';

export interface SignalRServiceOptions {
  readonly host: string;
  readonly port: number;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
  readonly keepAliveIntervalMs: number;
  /** How long `:invoke` waits for a client's result. Default 30 s. */
  readonly invocationTimeoutMs?: number;
  /** Where client invocations go. Default: no upstream, as a service without upstream settings. */
  readonly upstream?: SignalRUpstream;
  /** Long-polling timeouts and outbound bounds. Default: ASP.NET Core's 90 s / 15 s, 1,000 / 16 MiB. */
  readonly httpTransports?: HttpTransportSettings;
  /** The inspector's hook. */
  readonly probe?: Probe;
}

/** A running SignalR service, with its state and its v1 REST pipeline (for the inspector). */
export interface SignalRService extends ServiceServer {
  readonly hubs: HubRegistry<SrHub>;
  readonly rest: RestDispatcher;
}

export async function startSignalRService(options: SignalRServiceOptions): Promise<SignalRService> {
  const { verifier, log } = options;
  const probe = options.probe ?? NO_PROBE;
  const hubs = new HubRegistry(() => new SrHub());
  const hub = (name: string) => hubs.get(name);
  // ASP.NET Core binds JSON bodies case-insensitively; the SDKs send `Target` where the reference says `target`.
  const dispatchV1 = createRestDispatcher({
    router: new Router(signalRRouteTable),
    handlers: signalRHandlers({ hub, verifier, probe }),
    authenticate: restAuthenticator(verifier, signalRRestAudience),
    caseInsensitiveJson: true,
    probe,
  });
  const dispatchCurrent = createRestDispatcher({
    router: new Router(signalRCurrentRouteTable),
    handlers: signalRCurrentHandlers({
      hub,
      verifier,
      probe,
      invocationTimeoutMs: options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
    }),
    authenticate: restAuthenticator(verifier, signalRCurrentRestAudience),
    caseInsensitiveJson: true,
    hubOf: (path, query) =>
      path.hub === undefined
        ? undefined
        : applicationHub(path.hub, query.get('application') ?? undefined),
    probe,
  });
  const clients = signalRClientEndpoint({
    hubs,
    verifier,
    log,
    keepAliveIntervalMs: options.keepAliveIntervalMs,
    probe,
    ...(options.upstream ? { upstream: options.upstream } : {}),
    ...(options.httpTransports ? { httpTransports: options.httpTransports } : {}),
  });
  const server = await startServiceServer({
    name: 'signalr',
    host: options.host,
    port: options.port,
    log,
    probe,
    hubOfUrl: (url) =>
      clients.handles(url) ? (url.searchParams.get('hub') ?? undefined) : undefined,
    onRequest: (req, res, url) => {
      if (url.pathname.startsWith('/api/v1/')) return dispatchV1(req, res, url);
      if (url.pathname.startsWith('/api/')) return dispatchCurrent(req, res, url);
      if (clients.handles(url)) return clients.request(req, res, url);
      sendError(req, res, new HttpError(404, 'NotFound', `Nothing is served at ${url.pathname}.`));
    },
    onUpgrade: clients.upgrade,
    onClose: clients.closeAll,
  });
  return { ...server, hubs, rest: dispatchV1 };
}
