// The live stream (server-sent events): first the whole state, then the kept timeline events after
// `Last-Event-ID` (or `?since=`), then each new event as it happens and, at most twice a second, the
// state of every hub an event touched. Writes are batched, and a reader that falls too far behind is
// cut off (EventSource reconnects with Last-Event-ID and catches up from the kept events).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hubState, type InspectedServices } from './snapshot.js';
import { matches, type Timeline } from './timeline.js';
import type { InspectorSnapshot, ServiceName, TimelineEvent, TimelineFilter } from './types.js';

const EVENT_BATCH_MS = 100;
const HUB_UPDATE_MS = 500;
const HEARTBEAT_MS = 15_000;
/** A stream whose reader lets this much pile up is ended; the reader reconnects and catches up. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

export interface StreamContext {
  readonly timeline: Timeline;
  readonly services: InspectedServices;
  readonly snapshot: () => InspectorSnapshot;
}

/** The timeline filter of a query (`service`, `hub`, `connectionId`, `userId`, `group`). */
export function filterOf(query: URLSearchParams): TimelineFilter {
  const filter: { -readonly [K in keyof TimelineFilter]: TimelineFilter[K] } = {};
  const service = query.get('service');
  if (service === 'webpubsub' || service === 'signalr') filter.service = service;
  for (const key of ['hub', 'connectionId', 'userId', 'group'] as const) {
    const value = query.get(key);
    if (value !== null && value !== '') filter[key] = value;
  }
  return filter;
}

/** The sequence number a stream starts after: Last-Event-ID (a reconnect), else `?since=`, else 0. */
function startAfter(req: IncomingMessage, query: URLSearchParams): number {
  const value = Number(req.headers['last-event-id'] ?? query.get('since') ?? 0);
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

export function openStream(
  ctx: StreamContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): void {
  const filter = filterOf(url.searchParams);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  const stream = new Subscriber(ctx, res, filter);
  stream.start(startAfter(req, url.searchParams));
  res.on('close', () => stream.stop());
}

class Subscriber {
  readonly #pending: string[] = [];
  readonly #dirty = new Map<string, { service: ServiceName; hub: string }>();
  #eventTimer: NodeJS.Timeout | undefined;
  #hubTimer: NodeJS.Timeout | undefined;
  readonly #heartbeat: NodeJS.Timeout;
  #unsubscribe: (() => void) | undefined;

  constructor(
    readonly ctx: StreamContext,
    readonly res: ServerResponse,
    readonly filter: TimelineFilter,
  ) {
    this.#heartbeat = setInterval(() => this.#write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  start(after: number): void {
    const { timeline } = this.ctx;
    // Subscribed first, so the state counts this watcher; new events queue behind the replay.
    this.#unsubscribe = timeline.subscribe((event) => this.#take(event));
    this.#write('retry: 2000\n\n');
    this.#write(message('state', this.ctx.snapshot()));
    const missed = timeline.oldestSeq - after - 1;
    if (after > 0 && missed > 0) this.#write(message('gap', { missed }));
    const replay = timeline.since(after, this.filter).map(timelineMessage);
    if (replay.length > 0) this.#write(replay.join(''));
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#eventTimer);
    clearTimeout(this.#hubTimer);
  }

  #take(event: TimelineEvent): void {
    if (event.hub !== undefined) {
      const key = `${event.service}/${event.hub.toLowerCase()}`;
      this.#dirty.set(key, { service: event.service, hub: event.hub });
      this.#hubTimer ??= setTimeout(() => this.#flushHubs(), HUB_UPDATE_MS);
    }
    if (!matches(event, this.filter)) return;
    this.#pending.push(timelineMessage(event));
    this.#eventTimer ??= setTimeout(() => this.#flushEvents(), EVENT_BATCH_MS);
  }

  #flushEvents(): void {
    this.#eventTimer = undefined;
    const batch = this.#pending.splice(0).join('');
    if (batch) this.#write(batch);
  }

  #flushHubs(): void {
    this.#hubTimer = undefined;
    const updates = [...this.#dirty.values()].map(({ service, hub }) => {
      const state = hubState(this.ctx.services, service, hub) ?? null;
      return message('hub', { service, name: hub.toLowerCase(), hub: state });
    });
    this.#dirty.clear();
    // Events first, so a hub update never describes a state whose events have not arrived.
    this.#flushEvents();
    if (updates.length > 0) this.#write(updates.join(''));
  }

  #write(text: string): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (this.res.writableLength > MAX_BACKLOG_BYTES) {
      this.stop();
      this.res.end();
      return;
    }
    this.res.write(text);
  }
}

function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function timelineMessage(event: TimelineEvent): string {
  return `id: ${event.seq}\nevent: timeline\ndata: ${JSON.stringify(event)}\n\n`;
}
