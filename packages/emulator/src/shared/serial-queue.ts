// Work for one connection that must happen one piece at a time and in order (calls to the app's event
// handler or upstream), with a bound on what may wait: 1,000 items or 16 MiB, like every other queue
// of a connection. Past the bound `push` refuses and says why; the caller closes the connection.
import { DEFAULT_OUTBOUND_LIMITS, OutboundBudget, type OutboundLimits } from './outbound-bound.js';

export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();
  readonly #waiting: OutboundBudget;

  constructor(
    /** Names the queue in the refusal, e.g. "queue of invocations waiting for the upstream". */
    what: string,
    /** Gets what a task threw; tasks are expected to handle their own failures. */
    readonly onError: (error: unknown) => void,
    limits: OutboundLimits = DEFAULT_OUTBOUND_LIMITS,
  ) {
    this.#waiting = new OutboundBudget(what, limits);
  }

  /** Queues `task`, counted as `bytes`; returns the reason when the queue is full (nothing queued). */
  push(bytes: number, task: () => Promise<void> | void): string | undefined {
    const full = this.#waiting.admit(bytes);
    if (full) return full;
    this.#tail = this.#tail
      .then(task)
      .catch(this.onError)
      .finally(() => this.#waiting.remove(1, bytes));
    return undefined;
  }

  get waiting(): number {
    return this.#waiting.messages;
  }
}
