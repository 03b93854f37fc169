// startEmulator(): both services on their own ports, as in Azure, with one access key.
import { inspect } from 'node:util';
import { TokenVerifier } from './auth/token-verifier.js';
import type { ServiceServer } from './http/service-server.js';
import { Inspector } from './inspector/index.js';
import type { InspectorSnapshot } from './inspector/types.js';
import { type EmulatorOptions, resolveOptions } from './options.js';
import { quiet } from './shared/logger.js';
import { isLoopback } from './shared/loopback.js';
import { type SignalRService, startSignalRService } from './signalr/service.js';
import { createUpstream } from './upstream/index.js';
import { startWebPubSubService, type WebPubSubService } from './webpubsub/service.js';

/** One running emulated service and how to reach it. */
export interface EmulatedService {
  /** Base URL of the service, e.g. `http://127.0.0.1:8080`. */
  readonly endpoint: string;
  /** `Endpoint=http://127.0.0.1;Port=8080;AccessKey=…;Version=1.0;`, for the SDKs. */
  readonly connectionString: string;
}

/** A running emulator: both services, and `close()` to stop them. */
export interface Emulator {
  /** The emulated Azure Web PubSub service. */
  readonly webPubSub: EmulatedService;
  /** The emulated Azure SignalR Service, in serverless mode. */
  readonly signalR: EmulatedService;
  /**
   * The live inspector page (`http://127.0.0.1:8080/_hubcast/inspector/`), or undefined when the
   * inspector is off (see the `inspector` option).
   */
  readonly inspectUrl: string | undefined;
  /**
   * What both services hold right now: hubs, connections (user, protocol, groups, roles, message
   * counts), groups and users. Works whether or not the inspector page is on.
   */
  inspect(): InspectorSnapshot;
  /** Closes every client socket and both servers. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts in-memory Azure Web PubSub and Azure SignalR Service emulators that real clients and SDKs
 * connect to. Options are checked up front; pass port 0 for free ports in tests.
 */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const log = resolved.log ?? quiet;
  const verifier = await TokenVerifier.create(resolved.accessKey);
  const inspector = new Inspector({
    enabled: resolved.inspector,
    loopbackOnly: isLoopback(resolved.host),
    accessKey: resolved.accessKey,
  });
  const { probe } = inspector;
  const intercept = inspector.intercept();
  const upstream = createUpstream({
    eventHandlers: resolved.eventHandlers,
    upstreamTemplates: resolved.upstreamTemplates,
    accessKey: resolved.accessKey,
    timeoutMs: resolved.upstreamTimeoutMs,
    log,
    onUpstreamCall: resolved.onUpstreamCall,
    probe,
  });
  let webPubSub: WebPubSubService | undefined;
  let signalR: SignalRService;
  try {
    webPubSub = await startWebPubSubService({
      host: resolved.host,
      port: resolved.webPubSubPort,
      verifier,
      log,
      probe,
      ...(intercept ? { intercept } : {}),
      ...(upstream.webPubSub ? { events: upstream.webPubSub } : {}),
    });
    upstream.setWebPubSubHost(`${urlHost(resolved.host)}:${webPubSub.port}`);
    signalR = await startSignalRService({
      host: resolved.host,
      port: resolved.signalRPort,
      verifier,
      log,
      keepAliveIntervalMs: resolved.signalRKeepAliveIntervalMs,
      invocationTimeoutMs: resolved.signalRInvocationTimeoutMs,
      probe,
      ...(upstream.signalR ? { upstream: upstream.signalR } : {}),
    });
  } catch (error) {
    await webPubSub?.close();
    await upstream.stop();
    throw error;
  }
  const services: ServiceServer[] = [webPubSub, signalR];
  const webPubSubInfo = describe(resolved.host, webPubSub.port, resolved.accessKey);
  const signalRInfo = describe(resolved.host, signalR.port, resolved.accessKey);
  inspector.attach({
    webPubSub,
    webPubSubOrigin: webPubSubInfo.endpoint,
    signalR,
    signalROrigin: signalRInfo.endpoint,
  });
  let closing: Promise<void> | undefined;
  return {
    webPubSub: webPubSubInfo,
    signalR: signalRInfo,
    inspectUrl: resolved.inspector ? Inspector.url(webPubSubInfo.endpoint) : undefined,
    inspect: () => inspector.snapshot(),
    close: () => {
      // The services first: closing their connections sends the last `disconnected` events.
      closing ??= Promise.all(services.map((s) => s.close())).then(() => upstream.stop());
      return closing;
    },
  };
}

function describe(host: string, port: number, accessKey: string): EmulatedService {
  const endpointHost = urlHost(host);
  const endpoint = `http://${endpointHost}:${port}`;
  const connectionString = `Endpoint=http://${endpointHost};Port=${port};AccessKey=${accessKey};Version=1.0;`;
  const service = { endpoint, connectionString };
  // The connection string holds the key; keep it out of console.log / util.inspect output.
  Object.defineProperty(service, inspect.custom, {
    value: () => ({
      endpoint,
      connectionString: connectionString.replace(accessKey, '<redacted>'),
    }),
  });
  return Object.freeze(service);
}

/** Clients cannot dial a wildcard address, so the endpoint names loopback instead. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
