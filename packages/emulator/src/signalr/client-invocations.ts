// Client results for one connection (the current REST API's `:invoke`): the service sends an invocation
// with an invocation id and waits for the client's completion message with the same id. Protocol-free:
// the connection encodes the messages; this keeps the waiting requests, bounded in time and number.

import type { CompletionOutcome } from './protocols/index.js';

/** What a client's completion carries: a result, an error, or neither (a void result). */
export type InvocationOutcome = CompletionOutcome;

/** Why an invocation got no completion. */
export class InvocationAbandoned extends Error {
  constructor(
    /** `gone`: the connection closed; `timeout`: no answer in time; `busy`: too many waiting. */
    readonly kind: 'gone' | 'timeout' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'InvocationAbandoned';
  }
}

/** Waiting invocations per connection; more is refused (a client that never answers holds them). */
export const MAX_PENDING_INVOCATIONS = 1000;

interface Pending {
  readonly resolve: (outcome: InvocationOutcome) => void;
  readonly reject: (error: InvocationAbandoned) => void;
  readonly timer: NodeJS.Timeout;
}

export class ClientInvocations {
  readonly #pending = new Map<string, Pending>();
  #next = 0;
  #closed = false;

  /** `send` writes an invocation with an id to the client; false when the connection is not open. */
  constructor(
    readonly send: (invocationId: string, target: string, args: readonly unknown[]) => boolean,
  ) {}

  /** Invokes `target` on the client; resolves with its completion, or rejects InvocationAbandoned. */
  invoke(target: string, args: readonly unknown[], timeoutMs: number): Promise<InvocationOutcome> {
    return new Promise((resolve, reject) => {
      if (this.#pending.size >= MAX_PENDING_INVOCATIONS) {
        const message = `The connection already has ${MAX_PENDING_INVOCATIONS} invocations waiting for a result.`;
        return reject(new InvocationAbandoned('busy', message));
      }
      const id = `${++this.#next}`;
      if (this.#closed || !this.send(id, target, args)) {
        return reject(new InvocationAbandoned('gone', 'The connection is closed.'));
      }
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        const message = `The client did not return a result within ${timeoutMs} ms.`;
        reject(new InvocationAbandoned('timeout', message));
      }, timeoutMs);
      timer.unref();
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  /** A completion from the client; one for an unknown id (or sent twice) is ignored. */
  complete(invocationId: unknown, outcome: InvocationOutcome): void {
    if (typeof invocationId !== 'string') return;
    const pending = this.#pending.get(invocationId);
    if (!pending) return;
    this.#pending.delete(invocationId);
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  /** The connection closed: every waiting invocation fails, and later ones fail at once. */
  abandon(): void {
    this.#closed = true;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(
        new InvocationAbandoned(
          'gone',
          'The connection closed before the client returned a result.',
        ),
      );
    }
  }
}
