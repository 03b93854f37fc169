// Checks startEmulator() options up front, with errors that name the option and never echo a key.
import type { Logger } from './shared/logger.js';

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
}

export interface ResolvedOptions {
  readonly webPubSubPort: number;
  readonly signalRPort: number;
  readonly host: string;
  readonly accessKey: string;
  readonly log: Logger | undefined;
  readonly signalRKeepAliveIntervalMs: number;
  readonly signalRInvocationTimeoutMs: number;
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
  return {
    webPubSubPort: port(o.webPubSubPort, 'webPubSubPort', DEFAULT_WEB_PUBSUB_PORT),
    signalRPort: port(o.signalRPort, 'signalRPort', DEFAULT_SIGNALR_PORT),
    host: o.host ?? DEFAULT_HOST,
    accessKey: o.accessKey ?? DEFAULT_ACCESS_KEY,
    log: o.log,
    signalRKeepAliveIntervalMs: interval(o.signalRKeepAliveIntervalMs),
    signalRInvocationTimeoutMs: invocationTimeout(o.signalRInvocationTimeoutMs),
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

function interval(value: unknown): number {
  if (value === undefined) return DEFAULT_KEEP_ALIVE_MS;
  if (typeof value !== 'number')
    throw new TypeError('options.signalRKeepAliveIntervalMs must be a number.');
  if (!Number.isInteger(value) || value < 10 || value > DEFAULT_KEEP_ALIVE_MS) {
    throw new RangeError(
      `options.signalRKeepAliveIntervalMs must be an integer from 10 to ${DEFAULT_KEEP_ALIVE_MS}.`,
    );
  }
  return value;
}

function invocationTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_INVOCATION_TIMEOUT_MS;
  if (typeof value !== 'number')
    throw new TypeError('options.signalRInvocationTimeoutMs must be a number.');
  if (!Number.isInteger(value) || value < 10 || value > MAX_INVOCATION_TIMEOUT_MS) {
    throw new RangeError(
      `options.signalRInvocationTimeoutMs must be an integer from 10 to ${MAX_INVOCATION_TIMEOUT_MS}.`,
    );
  }
  return value;
}
