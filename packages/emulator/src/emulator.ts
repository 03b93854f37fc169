// startEmulator(): both services on their own ports, as in Azure, with one access key.
import { inspect } from 'node:util';
import { TokenVerifier } from './auth/token-verifier.js';
import type { ServiceServer } from './http/service-server.js';
import { type EmulatorOptions, resolveOptions } from './options.js';
import { quiet } from './shared/logger.js';
import { startSignalRService } from './signalr/service.js';
import { createUpstream } from './upstream/index.js';
import { startWebPubSubService } from './webpubsub/service.js';

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
  const upstream = createUpstream({
    eventHandlers: resolved.eventHandlers,
    upstreamTemplates: resolved.upstreamTemplates,
    accessKey: resolved.accessKey,
    timeoutMs: resolved.upstreamTimeoutMs,
    log,
    onUpstreamCall: resolved.onUpstreamCall,
  });
  let webPubSub: ServiceServer | undefined;
  let signalR: ServiceServer;
  try {
    webPubSub = await startWebPubSubService({
      host: resolved.host,
      port: resolved.webPubSubPort,
      verifier,
      log,
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
      ...(upstream.signalR ? { upstream: upstream.signalR } : {}),
    });
  } catch (error) {
    await webPubSub?.close();
    await upstream.stop();
    throw error;
  }
  const services = [webPubSub, signalR];
  let closing: Promise<void> | undefined;
  return {
    webPubSub: describe(resolved.host, webPubSub.port, resolved.accessKey),
    signalR: describe(resolved.host, signalR.port, resolved.accessKey),
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
