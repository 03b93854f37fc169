// @ts-check
// The timeline list: newest first, rendered in batches once per animation frame, and capped so that
// a long session or 100 events a second never grows the page without bound. Pausing holds new events
// (counted) until resumed.
import { clock, count, el, frameBatcher } from './dom.js';

/** @typedef {import('../types.js').TimelineEvent} TimelineEvent */

/** Rows kept on the page. */
export const MAX_ROWS = 500;

export class TimelineView {
  /** @type {TimelineEvent[]} */ #pending = [];
  /** @type {TimelineEvent[]} */ #held = [];
  #paused = false;
  #schedule;

  /**
   * @param {HTMLElement} list
   * @param {HTMLElement} status the "N new while paused" line
   */
  constructor(list, status) {
    this.list = list;
    this.status = status;
    this.#schedule = frameBatcher(() => this.#flush());
  }

  /** @param {TimelineEvent} event */
  add(event) {
    const queue = this.#paused ? this.#held : this.#pending;
    queue.push(event);
    // Only the newest MAX_ROWS can ever show, so older queued ones are dropped right away.
    if (queue.length > MAX_ROWS * 2) queue.splice(0, queue.length - MAX_ROWS);
    this.#schedule();
  }

  get paused() {
    return this.#paused;
  }

  /** @param {boolean} paused */
  setPaused(paused) {
    this.#paused = paused;
    if (!paused) {
      this.#pending.push(...this.#held);
      this.#held = [];
    }
    this.#schedule();
  }

  clear() {
    this.#pending = [];
    this.#held = [];
    this.list.replaceChildren();
    this.#schedule();
  }

  #flush() {
    this.status.textContent =
      this.#held.length > 0 ? `${count(this.#held.length)} new (paused)` : '';
    if (this.#pending.length === 0) return;
    const batch = this.#pending.slice(-MAX_ROWS);
    this.#pending = [];
    const fragment = document.createDocumentFragment();
    for (let i = batch.length - 1; i >= 0; i--)
      fragment.append(row(/** @type {TimelineEvent} */ (batch[i])));
    this.list.prepend(fragment);
    while (this.list.childElementCount > MAX_ROWS) this.list.lastElementChild?.remove();
  }
}

/** @param {TimelineEvent} event */
function row(event) {
  const data = 'data' in event ? event.data : 'body' in event ? event.body : undefined;
  const failed = isFailure(event);
  return el(
    'li',
    { class: `event kind-${event.kind}${failed ? ' failed' : ''}`, 'data-seq': event.seq },
    [
      el('span', { class: 'time' }, [clock(event.at)]),
      el('span', { class: `badge service-${event.service}` }, [
        event.service === 'webpubsub' ? 'WPS' : 'SR',
      ]),
      el('span', { class: 'badge kind' }, [label(event)]),
      el('span', { class: 'summary' }, [summary(event)]),
      data === undefined ? null : el('pre', { class: 'data' }, [data]),
    ],
  );
}

/** @param {TimelineEvent} event */
function isFailure(event) {
  if (event.kind === 'http' || event.kind === 'action' || event.kind === 'refused') {
    return event.status >= 400;
  }
  if (event.kind === 'upstream') return !event.ok;
  return event.kind === 'frame' && event.error !== undefined && event.type !== 'disconnected';
}

/** @param {TimelineEvent} event */
function label(event) {
  switch (event.kind) {
    case 'http':
      return event.api === 'rest' ? 'REST' : 'HTTP';
    case 'frame':
      return event.direction === 'in' ? 'frame in' : 'frame out';
    case 'upstream':
      return event.service === 'webpubsub' ? 'event handler' : 'upstream';
    default:
      return event.kind;
  }
}

/** @param {string | undefined} userId */
const user = (userId) => (userId === undefined ? '' : ` user=${userId}`);

/** @param {TimelineEvent} event */
export function summary(event) {
  switch (event.kind) {
    case 'http': {
      const query = event.query ? `?${event.query}` : '';
      const size = event.requestBytes === undefined ? '' : ` · ${count(event.requestBytes)} B`;
      return `${event.method} ${event.path}${query} → ${event.status} · ${event.durationMs} ms${size}`;
    }
    case 'connected': {
      const how = event.transport ? `${event.transport}/${event.protocol}` : event.protocol;
      const groups = event.groups?.length ? ` groups=${event.groups.join(',')}` : '';
      const again = event.recovered ? ' (recovered)' : '';
      return `${event.connectionId}${user(event.userId)} ${how}${groups}${again} · hub ${event.hub}`;
    }
    case 'refused':
      return `${event.path} → ${event.status}: ${event.reason}`;
    case 'disconnected': {
      const code = event.code === undefined ? '' : ` (${event.code})`;
      return `${event.connectionId}${user(event.userId)}${code}: ${event.reason}`;
    }
    case 'frame':
      return frameSummary(event);
    case 'upstream': {
      const what = event.category ? `${event.category}/${event.event}` : event.event;
      const status = event.status === undefined ? '' : ` → ${event.status}`;
      return `${what} ${event.method} ${event.url}${status} · ${event.durationMs} ms: ${event.outcome}`;
    }
    case 'action': {
      const error = event.error ? `: ${event.error}` : '';
      return `${event.operation} ${event.method} ${event.path} → ${event.status}${error}`;
    }
  }
}

/** @param {import('../types.js').FrameEvent} e */
function frameSummary(e) {
  const parts = [e.type];
  if (e.name !== undefined) parts.push(e.name);
  if (e.group !== undefined) parts.push(`group=${e.group}`);
  if (e.ackId !== undefined) parts.push(`ackId=${e.ackId}`);
  if (e.invocationId !== undefined) parts.push(`invocation=${e.invocationId}`);
  if (e.dataType !== undefined)
    parts.push(`${e.dataType}${e.bytes === undefined ? '' : ` ${count(e.bytes)} B`}`);
  if (e.direction === 'in') {
    parts.push(`from ${e.connectionId}${user(e.userId)}`);
  } else if (e.connectionId !== undefined) {
    parts.push(`to ${e.connectionId}${user(e.userId)}`);
  } else {
    const n = e.recipients ?? 0;
    parts.push(`→ ${count(n)} connection${n === 1 ? '' : 's'}${user(e.userId)}`);
  }
  if (e.error !== undefined) parts.push(`: ${e.error}`);
  return parts.join(' ');
}
