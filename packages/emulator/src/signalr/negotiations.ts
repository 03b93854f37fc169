// Negotiated connections waiting for their first transport request, indexed by connection token.
// Every entry lives for the same time, so a Map's insertion order is also expiry order: expiring
// means dropping entries from the front until the first live one. Each negotiate therefore costs
// O(1) amortized, however many unused negotiations pile up, and a cap bounds the total.

export interface NegotiationStoreOptions {
  /** How long a connection token can be used after negotiate. */
  readonly ttlMs: number;
  /** Past this many waiting negotiations, the oldest is dropped. */
  readonly maxEntries: number;
  /** A monotonic clock in ms. */
  readonly now?: () => number;
  /** The index; a test passes a Map that counts what expiry visits. */
  readonly entries?: Map<string, Pending<unknown>>;
}

export interface Pending<T> {
  readonly value: T;
  readonly expiresAt: number;
}

export class NegotiationStore<T> {
  readonly #entries: Map<string, Pending<T>>;
  readonly #now: () => number;

  constructor(readonly options: NegotiationStoreOptions) {
    this.#entries = (options.entries as Map<string, Pending<T>> | undefined) ?? new Map();
    this.#now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.#entries.size;
  }

  add(token: string, value: T): void {
    const now = this.#now();
    this.#expire(now);
    this.#entries.set(token, { value, expiresAt: now + this.options.ttlMs });
    if (this.#entries.size > this.options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  /** Removes and returns the negotiation of `token`, unless it is unknown or expired. */
  take(token: string): T | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    this.#entries.delete(token);
    return entry.expiresAt > this.#now() ? entry.value : undefined;
  }

  #expire(now: number): void {
    for (const [token, entry] of this.#entries) {
      if (entry.expiresAt > now) return;
      this.#entries.delete(token);
    }
  }
}
