// Calls to the app: builds the HTTP implementations of both seams from the resolved settings, shares
// one HTTP client and one reporter between them, and stops them with the emulator.
import type { Probe } from '../inspector/probe.js';
import type { Logger } from '../shared/logger.js';
import type { SignalRUpstream } from '../signalr/upstream.js';
import type { WebPubSubEvents } from '../webpubsub/events.js';
import { AbuseProtection } from './abuse-protection.js';
import { CallReporter, type UpstreamCallListener } from './call-report.js';
import { UpstreamHttp } from './http-call.js';
import type { EventHandler, UpstreamTemplate } from './settings.js';
import { SignalRDispatcher } from './signalr-dispatcher.js';
import { WebPubSubDispatcher } from './webpubsub-dispatcher.js';

/** The largest answer read from the app: 16 MiB, as in both of Microsoft's emulators. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** When the emulator stops, calls in flight (the last `disconnected` events) get this long. */
const STOP_GRACE_MS = 1000;

export interface UpstreamOptions {
  readonly eventHandlers: readonly EventHandler[];
  readonly upstreamTemplates: readonly UpstreamTemplate[];
  readonly accessKey: string;
  readonly timeoutMs: number;
  readonly log: Logger;
  readonly onUpstreamCall: UpstreamCallListener | undefined;
  /** The inspector's hook: each call becomes a timeline event. */
  readonly probe: Probe;
}

export interface Upstream {
  /** The Web PubSub events seam; undefined when no event handler is configured. */
  readonly webPubSub: WebPubSubEvents | undefined;
  /** The SignalR upstream seam; undefined when no upstream template is configured. */
  readonly signalR: SignalRUpstream | undefined;
  /** Sets `WebHook-Request-Origin` once the Web PubSub port is known (`127.0.0.1:8080`). */
  setWebPubSubHost(host: string): void;
  stop(): Promise<void>;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const http = new UpstreamHttp({ timeoutMs: options.timeoutMs, maxAnswerBytes: MAX_ANSWER_BYTES });
  const reporter = new CallReporter(options.log, options.onUpstreamCall, options.probe);
  let host = '';
  const origin = () => host;
  const { accessKey } = options;
  return {
    webPubSub:
      options.eventHandlers.length === 0
        ? undefined
        : new WebPubSubDispatcher({
            handlers: options.eventHandlers,
            accessKey,
            http,
            reporter,
            origin,
            abuseProtection: new AbuseProtection(http, origin, reporter),
          }),
    signalR:
      options.upstreamTemplates.length === 0
        ? undefined
        : new SignalRDispatcher({
            templates: options.upstreamTemplates,
            accessKey,
            http,
            reporter,
          }),
    setWebPubSubHost: (value) => {
      host = value;
    },
    stop: () => http.stop(STOP_GRACE_MS),
  };
}
