// Reading the inspector's JSON API and its server-sent events from Node, as a tool would: fetch and
// a small parser of the documented `event:` / `id:` / `data:` lines.
import type { InspectorSnapshot, TimelineEvent } from '../../src/index.js';

export interface StreamMessage {
  readonly event: string;
  readonly id?: string;
  readonly data: unknown;
}

/** An open `…/api/stream`: messages in order, and waits for one that matches. */
export class InspectorStream {
  readonly messages: StreamMessage[] = [];
  #waiters: (() => void)[] = [];
  readonly done: Promise<void>;

  private constructor(
    response: Response,
    readonly controller: AbortController,
  ) {
    this.done = this.#read(response).catch(() => {});
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<InspectorStream> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.ok) throw new Error(`stream answered ${response.status}`);
    return new InspectorStream(response, controller);
  }

  async #read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        this.#parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  }

  #parse(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
    }
    if (fields.data === undefined) return;
    const { event = 'message', id, data } = fields;
    this.messages.push({ event, data: JSON.parse(data), ...(id === undefined ? {} : { id }) });
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Timeline events received so far. */
  get timeline(): TimelineEvent[] {
    return this.messages.filter((m) => m.event === 'timeline').map((m) => m.data as TimelineEvent);
  }

  /** Resolves with the first message (already received or coming) that `match` accepts. */
  async next(match: (m: StreamMessage) => boolean, timeoutMs = 5000): Promise<StreamMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('No matching stream message arrived in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first timeline event `match` accepts. */
  async event<E extends TimelineEvent>(match: (e: TimelineEvent) => boolean, timeoutMs = 5000) {
    const message = await this.next(
      (m) => m.event === 'timeline' && match(m.data as TimelineEvent),
      timeoutMs,
    );
    return message.data as E;
  }

  close(): void {
    this.controller.abort();
  }
}

export function stateOf(message: StreamMessage): InspectorSnapshot {
  return message.data as InspectorSnapshot;
}

/** POSTs an action the way the page does. */
export function postAction(
  inspectUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${inspectUrl}api/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hubcast-inspector': '1', ...headers },
    body: JSON.stringify(body),
  });
}
