// What each demo client received. Steps wait on it for expected deliveries and check it for
// deliveries that must not happen.

export type ClientName = 'plain-ws' | 'web-pubsub-client' | 'signalr';

export interface Delivery {
  client: ClientName;
  /** The demo step the message belongs to (every demo payload carries `step`). */
  step: string;
  /** How it arrived, e.g. `server message`, `group message in room`, `invocation broadcast`. */
  via: string;
  data: unknown;
}

type Waiter = { match: (d: Delivery) => boolean; resolve: (d: Delivery) => void };

export class Inbox {
  readonly deliveries: Delivery[] = [];
  #waiters: Waiter[] = [];

  push(delivery: Delivery): void {
    this.deliveries.push(delivery);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.match(delivery)) return true;
      w.resolve(delivery);
      return false;
    });
  }

  find(client: ClientName, step: string): Delivery | undefined {
    return this.deliveries.find((d) => d.client === client && d.step === step);
  }

  /** Resolves with the delivery, or undefined when none arrives within `timeoutMs`. */
  waitFor(client: ClientName, step: string, timeoutMs: number): Promise<Delivery | undefined> {
    const found = this.find(client, step);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        match: (d) => d.client === client && d.step === step,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }
}

/** The `step` field of a demo payload, whether it arrived as an object or as JSON text. */
export function stepOf(data: unknown): string {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return '';
    }
  }
  return typeof value === 'object' && value !== null && 'step' in value ? String(value.step) : '';
}
