// Checks startEmulator() options up front, with errors that name the option and never echo a key.
import type { Logger } from './shared/logger.js';
import { isLoopback } from './shared/loopback.js';
import type { UpstreamCallListener } from './upstream/call-report.js';
import {
  type EventHandler,
  type EventHandlerSettings,
  resolveEventHandlers,
  resolveUpstreamTemplates,
  type UpstreamTemplate,
  type UpstreamTemplateSettings,
} from './upstream/settings.js';

/** The well-known key of the official SignalR emulator, so its samples work unchanged. */
export const DEFAULT_ACCESS_KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
/** Default port of the Web PubSub endpoint (`hubcast-emulator` prints its connection string). */
export const DEFAULT_WEB_PUBSUB_PORT = 8080;
/** Default port of the SignalR endpoint (`hubcast-emulator` prints its connection string). */
export const DEFAULT_SIGNALR_PORT = 8888;
export const DEFAULT_HOST = '127.0.0.1';
/** SignalR clients time out after 30 s of silence; the service pings at least every 15 s. */
export const DEFAULT_KEEP_ALIVE_MS = 15_000;
/** How long SignalR's `:invoke` waits for the client's result by default. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 30_000;
const MAX_INVOCATION_TIMEOUT_MS = 10 * 60_000;
/**
 * How long a call to an event handler or upstream may take. The services do not document theirs;
 * Microsoft's SignalR emulator waits .NET's default 100 s, which outlasts most clients' patience.
 */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;

/** Options of {@link startEmulator}; every field is optional. */
export interface EmulatorOptions {
  /** Port of the Web PubSub endpoint; 0 picks a free port. Default 8080. */
  readonly webPubSubPort?: number;
  /** Port of the SignalR endpoint; 0 picks a free port. Default 8888. */
  readonly signalRPort?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** The AccessKey both services sign and verify tokens with. Default: the well-known emulator key. */
  readonly accessKey?: string;
  /** Receives one line per connection and REST call. Default: no logging. */
  readonly log?: Logger;
  /** How often SignalR connections get a ping (type 6), in ms. Default 15000. */
  readonly signalRKeepAliveIntervalMs?: number;
  /**
   * How long SignalR's `:invoke` (client results) waits for the client's answer before it fails with
   * 504, in ms. Default 30000.
   */
  readonly signalRInvocationTimeoutMs?: number;
  /**
   * Web PubSub event handlers: where client events go (`connect`, `connected`, `disconnected`, user
   * events), as a hub's event handler settings in Azure. The first match wins. Default: none.
   */
  readonly eventHandlers?: readonly EventHandlerSettings[];
  /**
   * SignalR upstream templates: where connection events and client invocations go, as a SignalR
   * resource's upstream settings in serverless mode. The first match wins. Default: none.
   */
  readonly upstreamTemplates?: readonly UpstreamTemplateSettings[];
  /** How long one call to an event handler or upstream may take, in ms. Default 30000 (100 to 600000). */
  readonly upstreamTimeoutMs?: number;
  /**
   * Receives every call to an event handler or upstream once it is over: what was called, the status,
   * how long it took and what the emulator made of the answer. Never holds a key or signature.
   */
  readonly onUpstreamCall?: UpstreamCallListener;
  /**
   * The live inspector: a page and a JSON API at `/_hubcast/inspector/` on the Web PubSub port that
   * show connections, groups, users and a timeline, and can send messages and close connections.
   * It has no authentication, so it defaults to on only when `host` is a loopback address (the
   * default) and off otherwise. `emulator.inspect()` works either way.
   */
  readonly inspector?: boolean;
}

export interface ResolvedOptions {
  readonly webPubSubPort: number;
  readonly signalRPort: number;
  readonly host: string;
  readonly accessKey: string;
  readonly log: Logger | undefined;
  readonly signalRKeepAliveIntervalMs: number;
  readonly signalRInvocationTimeoutMs: number;
  readonly eventHandlers: readonly EventHandler[];
  readonly upstreamTemplates: readonly UpstreamTemplate[];
  readonly upstreamTimeoutMs: number;
  readonly onUpstreamCall: UpstreamCallListener | undefined;
  readonly inspector: boolean;
}

export function resolveOptions(options: EmulatorOptions | undefined): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('startEmulator(options): options must be an object.');
  }
  const o = options ?? {};
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host.trim() === '')) {
    throw new TypeError('options.host must be a non-empty string.');
  }
  if (o.accessKey !== undefined && (typeof o.accessKey !== 'string' || o.accessKey === '')) {
    throw new TypeError('options.accessKey must be a non-empty string.');
  }
  if (o.log !== undefined && typeof o.log !== 'function') {
    throw new TypeError('options.log must be a function that receives a line of text.');
  }
  if (o.onUpstreamCall !== undefined && typeof o.onUpstreamCall !== 'function') {
    throw new TypeError('options.onUpstreamCall must be a function that receives a call record.');
  }
  if (o.inspector !== undefined && typeof o.inspector !== 'boolean') {
    throw new TypeError('options.inspector must be a boolean.');
  }
  const host = o.host ?? DEFAULT_HOST;
  return {
    webPubSubPort: port(o.webPubSubPort, 'webPubSubPort', DEFAULT_WEB_PUBSUB_PORT),
    signalRPort: port(o.signalRPort, 'signalRPort', DEFAULT_SIGNALR_PORT),
    host,
    accessKey: o.accessKey ?? DEFAULT_ACCESS_KEY,
    log: o.log,
    signalRKeepAliveIntervalMs: milliseconds(
      o.signalRKeepAliveIntervalMs,
      'signalRKeepAliveIntervalMs',
      10,
      DEFAULT_KEEP_ALIVE_MS,
      DEFAULT_KEEP_ALIVE_MS,
    ),
    signalRInvocationTimeoutMs: milliseconds(
      o.signalRInvocationTimeoutMs,
      'signalRInvocationTimeoutMs',
      10,
      MAX_INVOCATION_TIMEOUT_MS,
      DEFAULT_INVOCATION_TIMEOUT_MS,
    ),
    eventHandlers: resolveEventHandlers(o.eventHandlers, 'options.eventHandlers'),
    upstreamTemplates: resolveUpstreamTemplates(o.upstreamTemplates, 'options.upstreamTemplates'),
    upstreamTimeoutMs: milliseconds(
      o.upstreamTimeoutMs,
      'upstreamTimeoutMs',
      100,
      MAX_INVOCATION_TIMEOUT_MS,
      DEFAULT_UPSTREAM_TIMEOUT_MS,
    ),
    onUpstreamCall: o.onUpstreamCall,
    inspector: o.inspector ?? isLoopback(host),
  };
}

function port(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`options.${name} must be a number.`);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new RangeError(
      `options.${name} must be an integer from 0 to 65535 (0 picks a free port).`,
    );
  }
  return value;
}

function milliseconds(
  value: unknown,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`options.${name} must be a number.`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`options.${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}
