// SignalR test helpers: the SignalR service alone (so a test can plug an upstream into the seam),
// the official client forced to one transport and hub protocol, and a REST client signed for v1.
import {
  HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  LogLevel,
} from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { TokenVerifier } from '../../src/auth/token-verifier.js';
import type { ServiceServer } from '../../src/http/service-server.js';
import type { OutboundLimits } from '../../src/shared/outbound-bound.js';
import { startSignalRService } from '../../src/signalr/service.js';
import { DEFAULT_HTTP_TRANSPORT_SETTINGS } from '../../src/signalr/transports/http-endpoint.js';
import type { LongPollingTimeouts } from '../../src/signalr/transports/long-polling.js';
import type { SignalRUpstream } from '../../src/signalr/upstream.js';
import { KEY, restCall, signToken } from '../helpers.js';

export type TransportName = 'WebSockets' | 'ServerSentEvents' | 'LongPolling';
export type ProtocolName = 'json' | 'messagepack';

export interface SignalROnly {
  readonly endpoint: string;
  readonly server: ServiceServer;
  close(): Promise<void>;
}

/** The SignalR service on a free port, with the given upstream seam (default: none). */
export async function startSignalROnly(
  options: {
    upstream?: SignalRUpstream;
    keepAliveMs?: number;
    longPolling?: LongPollingTimeouts;
    outbound?: OutboundLimits;
  } = {},
): Promise<SignalROnly> {
  const server = await startSignalRService({
    host: '127.0.0.1',
    port: 0,
    verifier: await TokenVerifier.create(KEY),
    log: () => {},
    keepAliveIntervalMs: options.keepAliveMs ?? 15_000,
    httpTransports: {
      longPolling: options.longPolling ?? DEFAULT_HTTP_TRANSPORT_SETTINGS.longPolling,
      outbound: options.outbound ?? DEFAULT_HTTP_TRANSPORT_SETTINGS.outbound,
    },
    ...(options.upstream ? { upstream: options.upstream } : {}),
  });
  return { endpoint: `http://127.0.0.1:${server.port}`, server, close: () => server.close() };
}

/** What a serverless app's negotiate returns: the client URL and a token whose aud is that URL. */
export async function negotiateResult(
  endpoint: string,
  claims: Record<string, unknown>,
  hub = 'chat',
) {
  const url = `${endpoint}/client/?hub=${hub}`;
  return { url, accessToken: await signToken({ aud: url, ...claims }) };
}

/** The official client, silent, forced to `transport` and `protocol`. */
export function signalRClient(
  url: string,
  accessToken: string,
  transport: TransportName,
  protocol: ProtocolName,
): HubConnection {
  const builder = new HubConnectionBuilder()
    .withUrl(url, {
      accessTokenFactory: () => accessToken,
      transport: HttpTransportType[transport],
    })
    .configureLogging(LogLevel.None);
  if (protocol === 'messagepack') builder.withHubProtocol(new MessagePackHubProtocol());
  return builder.build();
}

/** POST/PUT/… on the v1 REST API, signed with aud = the URL without its query. */
export function signalRRest(endpoint: string, method: string, path: string, body?: unknown) {
  const url = `${endpoint}/api/v1/hubs/${path}`;
  return restCall(method, url, {
    aud: url.split('?')[0],
    ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
  });
}
