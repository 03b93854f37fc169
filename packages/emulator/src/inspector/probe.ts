// The hook the services call where things happen (REST calls, client frames, connects, refusals,
// disconnects, calls to the app). Hot paths read `watching` before building anything: frames and
// payload previews are recorded only while someone watches, so with nobody watching a broadcast
// costs one boolean read. Lifecycle events (REST calls, connects, upstream calls) are always kept.
import type { IncomingMessage } from 'node:http';
import type { TimelineEventInit } from './types.js';

/** What the REST dispatcher learns about a request, for its timeline event. */
export interface RestNote {
  operation?: string;
  hub?: string;
  connectionId?: string;
  userId?: string;
  group?: string;
  requestBytes?: number;
  contentType?: string;
  body?: string;
}

export interface Probe {
  /** False when the inspector is off: record() does nothing. */
  readonly enabled: boolean;
  /** True while a live stream is open. Check it before building a frame event or a preview. */
  readonly watching: boolean;
  record(event: TimelineEventInit): void;
  /** A payload as timeline text (1 KiB at most, secrets redacted); undefined for binary data. */
  preview(bytes: Uint8Array, dataType: string): string | undefined;
  /** The note of an HTTP request, made on first use; undefined when the inspector is off. */
  restNote(req: IncomingMessage): RestNote | undefined;
}

/** The probe of a disabled inspector. */
export const NO_PROBE: Probe = Object.freeze({
  enabled: false,
  watching: false,
  record: () => {},
  preview: () => undefined,
  restNote: () => undefined,
});
