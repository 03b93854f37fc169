// The timeline: a bounded ring of the latest events and the live subscribers (the stream). It is the
// Probe the services call. `watching` is a plain field, kept true while anyone subscribes, so the hot
// paths pay one property read when nobody does.
import type { IncomingMessage } from 'node:http';
import type { Probe, RestNote } from './probe.js';
import { redactText } from './redact.js';
import type { TimelineEvent, TimelineEventInit, TimelineFilter, TimelineStats } from './types.js';

/** Events kept for late viewers; older ones are dropped first. */
export const DEFAULT_TIMELINE_CAPACITY = 2000;
/** Payload text kept per event. */
export const PREVIEW_CHARS = 1024;

export type TimelineListener = (event: TimelineEvent) => void;

const TEXTUAL = new Set(['text', 'json']);

export class Timeline implements Probe {
  readonly enabled = true;
  watching = false;
  readonly #ring: (TimelineEvent | undefined)[];
  #next = 0;
  #kept = 0;
  #seq = 0;
  #recorded = 0;
  readonly #listeners = new Set<TimelineListener>();
  readonly #notes = new WeakMap<IncomingMessage, RestNote>();

  constructor(
    readonly capacity: number,
    /** Strings that must never show (the access key). */
    readonly secrets: readonly string[],
  ) {
    this.#ring = new Array(capacity);
  }

  record(init: TimelineEventInit): void {
    const event = { seq: ++this.#seq, at: Date.now(), ...init } as TimelineEvent;
    this.#recorded++;
    this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    this.#kept = Math.min(this.#kept + 1, this.capacity);
    for (const listener of this.#listeners) listener(event);
  }

  preview(bytes: Uint8Array, dataType: string): string | undefined {
    if (!TEXTUAL.has(dataType)) return undefined;
    const cut = bytes.length > PREVIEW_CHARS * 4 ? bytes.subarray(0, PREVIEW_CHARS * 4) : bytes;
    let text = Buffer.from(cut.buffer, cut.byteOffset, cut.byteLength).toString('utf8');
    if (text.length > PREVIEW_CHARS || cut !== bytes) text = `${text.slice(0, PREVIEW_CHARS)}…`;
    return this.redact(text);
  }

  redact(text: string): string {
    return redactText(text, this.secrets);
  }

  restNote(req: IncomingMessage): RestNote {
    let note = this.#notes.get(req);
    if (!note) {
      note = {};
      this.#notes.set(req, note);
    }
    return note;
  }

  /** Kept events newer than `afterSeq` that pass `filter`, oldest first. */
  since(afterSeq: number, filter: TimelineFilter = {}): TimelineEvent[] {
    const events: TimelineEvent[] = [];
    const first = (this.#next - this.#kept + this.capacity) % this.capacity;
    for (let i = 0; i < this.#kept; i++) {
      const event = this.#ring[(first + i) % this.capacity] as TimelineEvent;
      if (event.seq > afterSeq && matches(event, filter)) events.push(event);
    }
    return events;
  }

  /** The sequence number of the oldest kept event (lastSeq + 1 when none is kept). */
  get oldestSeq(): number {
    return this.#seq - this.#kept + 1;
  }

  subscribe(listener: TimelineListener): () => void {
    this.#listeners.add(listener);
    this.watching = true;
    return () => {
      this.#listeners.delete(listener);
      this.watching = this.#listeners.size > 0;
    };
  }

  get stats(): TimelineStats {
    return {
      recorded: this.#recorded,
      kept: this.#kept,
      capacity: this.capacity,
      lastSeq: this.#seq,
      watchers: this.#listeners.size,
    };
  }
}

/** Each given filter field must equal the event's (hub names case-insensitively). */
export function matches(event: TimelineEvent, filter: TimelineFilter): boolean {
  if (filter.service !== undefined && event.service !== filter.service) return false;
  if (filter.hub !== undefined && event.hub?.toLowerCase() !== filter.hub.toLowerCase()) {
    return false;
  }
  if (filter.connectionId !== undefined && event.connectionId !== filter.connectionId) return false;
  if (filter.userId !== undefined && event.userId !== filter.userId) return false;
  if (filter.group !== undefined && event.group !== filter.group) return false;
  return true;
}
