// Every call the emulator makes to the app, and what it made of the answer, goes through `report()`:
// one log line, and the `onUpstreamCall` listener (the live inspector's timeline subscribes here).
// Records hold no key, signature or token, and URLs lose their query string.
import { NO_PROBE, type Probe } from '../inspector/probe.js';
import type { Logger } from '../shared/logger.js';

/** One call to an event handler or an upstream, once it is over. */
export interface UpstreamCall {
  /** Which service made the call. */
  readonly service: 'webpubsub' | 'signalr';
  /** The hub of the connection (or, for the abuse-protection check, of the event that caused it). */
  readonly hub: string;
  /** The client connection the call is about; absent for the abuse-protection check. */
  readonly connectionId?: string;
  /**
   * Web PubSub: `connect`, `connected`, `disconnected`, a user event (`message` for plain clients),
   * or `validate` (the abuse-protection `OPTIONS`). SignalR: `connected`, `disconnected` or the hub
   * method a client invoked.
   */
  readonly event: string;
  /** SignalR only: `connections` or `messages`. */
  readonly category?: 'connections' | 'messages';
  /** `POST` for events and invocations, `OPTIONS` for the abuse-protection check. */
  readonly method: 'POST' | 'OPTIONS';
  /** The URL called, without its query string (which may hold a key such as `?code=`). */
  readonly url: string;
  /** When the call started (ms since the epoch). */
  readonly startedAt: number;
  /** How long the call took, answer included, in ms. */
  readonly durationMs: number;
  /** The answer's HTTP status; absent when no answer came (timeout, unreachable). */
  readonly status?: number;
  /** True when the emulator took the answer as a success. */
  readonly ok: boolean;
  /** What the emulator made of it, in words: `accepted as user ada`, `refused (401)`, `no answer within 5000 ms`. */
  readonly outcome: string;
}

/** Receives each finished upstream call (see `startEmulator({ onUpstreamCall })`). */
export type UpstreamCallListener = (call: UpstreamCall) => void;

export class CallReporter {
  #listenerFailed = false;

  constructor(
    readonly log: Logger,
    readonly listener: UpstreamCallListener | undefined,
    /** The inspector's timeline gets every call too. */
    readonly probe: Probe = NO_PROBE,
  ) {}

  report(call: UpstreamCall): void {
    const what = call.category ? `${call.category}/${call.event}` : call.event;
    const connection = call.connectionId === undefined ? '' : ` connection=${call.connectionId}`;
    const status = call.status === undefined ? '' : ` ${call.status}`;
    this.log(
      `[${call.service}] ${call.service === 'signalr' ? 'upstream' : 'event handler'} ${what} hub=${call.hub}${connection}` +
        ` ${call.method} ${call.url}${status} ${call.durationMs.toFixed(1)}ms: ${call.outcome}`,
    );
    if (this.probe.enabled) {
      const { startedAt: _startedAt, durationMs, ...rest } = call;
      const rounded = Math.round(durationMs * 10) / 10;
      this.probe.record({ kind: 'upstream', ...rest, durationMs: rounded });
    }
    if (!this.listener) return;
    try {
      this.listener(call);
    } catch (error) {
      // A broken listener must not break the emulator; say so once.
      if (this.#listenerFailed) return;
      this.#listenerFailed = true;
      this.log(
        `[upstream] onUpstreamCall threw (${(error as Error)?.message ?? String(error)}); later errors are not logged.`,
      );
    }
  }
}

/** Starts timing a call: `finish()` gives `startedAt` and `durationMs`. */
export function startTimer(): () => { startedAt: number; durationMs: number } {
  const startedAt = Date.now();
  const started = performance.now();
  return () => ({ startedAt, durationMs: performance.now() - started });
}
