// The live inspector: a timeline of what the services do (the Probe they call), the state snapshot,
// and the page and JSON API that show both. Built before the services (they need its probe) and
// attached to them once they run.
import type { ServiceServerOptions } from '../http/service-server.js';
import { isLoopbackHostHeader } from '../shared/loopback.js';
import type { SignalRService } from '../signalr/service.js';
import type { WebPubSubService } from '../webpubsub/service.js';
import { INSPECTOR_PATH, inspectorRequests } from './http-api.js';
import { PageFiles } from './page-files.js';
import { NO_PROBE, type Probe } from './probe.js';
import { signalRHubs, webPubSubHubs } from './snapshot.js';
import { DEFAULT_TIMELINE_CAPACITY, Timeline } from './timeline.js';
import type { InspectorSnapshot, TimelineStats } from './types.js';

export { INSPECTOR_PATH } from './http-api.js';

export interface InspectorSettings {
  /** Whether the page and the timeline are on (the snapshot always works). */
  readonly enabled: boolean;
  /** The host the emulator listens on; on loopback, only loopback Host names are answered. */
  readonly loopbackOnly: boolean;
  /** Never shown, even inside payloads. */
  readonly accessKey: string;
}

export interface AttachedServices {
  readonly webPubSub: WebPubSubService;
  readonly webPubSubOrigin: string;
  readonly signalR: SignalRService;
  readonly signalROrigin: string;
}

const OFF: TimelineStats = { recorded: 0, kept: 0, capacity: 0, lastSeq: 0, watchers: 0 };

export class Inspector {
  readonly probe: Probe;
  readonly #timeline: Timeline | undefined;
  #services: AttachedServices | undefined;

  constructor(readonly settings: InspectorSettings) {
    this.#timeline = settings.enabled
      ? new Timeline(DEFAULT_TIMELINE_CAPACITY, [settings.accessKey])
      : undefined;
    this.probe = this.#timeline ?? NO_PROBE;
  }

  attach(services: AttachedServices): void {
    this.#services = services;
  }

  /** What both services hold now. */
  snapshot(): InspectorSnapshot {
    const services = this.#services;
    return {
      takenAt: Date.now(),
      webPubSub: { hubs: services ? webPubSubHubs(services.webPubSub.hubs) : [] },
      signalR: { hubs: services ? signalRHubs(services.signalR.hubs) : [] },
      timeline: this.#timeline?.stats ?? OFF,
    };
  }

  /** The Web PubSub server's interceptor, or undefined when the inspector is off. */
  intercept(): ServiceServerOptions['intercept'] {
    const timeline = this.#timeline;
    if (!timeline) return undefined;
    const files = new PageFiles();
    const { loopbackOnly } = this.settings;
    let handler: ReturnType<typeof inspectorRequests> | undefined;
    return (req, res, url) => {
      const services = this.#services;
      if (!services) return false;
      handler ??= inspectorRequests({
        timeline,
        files,
        snapshot: () => this.snapshot(),
        services: { webPubSub: services.webPubSub.hubs, signalR: services.signalR.hubs },
        actions: {
          webpubsub: { rest: services.webPubSub.rest, origin: services.webPubSubOrigin },
          signalr: { rest: services.signalR.rest, origin: services.signalROrigin },
        },
        hostAllowed: (host) => !loopbackOnly || isLoopbackHostHeader(host),
      });
      return handler(req, res, url);
    };
  }

  /** The page's URL on the Web PubSub endpoint. */
  static url(webPubSubEndpoint: string): string {
    return `${webPubSubEndpoint}${INSPECTOR_PATH}/`;
  }
}
