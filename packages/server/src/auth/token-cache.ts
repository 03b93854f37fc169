// A bounded map from audience to a signed Authorization header, reused until shortly before the token
// expires. Bounded because audiences include ids and query strings, so their number is unbounded.

interface Entry {
  value: string;
  renewAt: number;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  constructor(maxEntries = 1024) {
    this.#maxEntries = maxEntries;
  }

  get(audience: string, now: number): string | undefined {
    const entry = this.#entries.get(audience);
    if (entry === undefined) return undefined;
    if (now < entry.renewAt) return entry.value;
    this.#entries.delete(audience);
    return undefined;
  }

  set(audience: string, value: string, renewAt: number): void {
    if (this.#entries.size >= this.#maxEntries && !this.#entries.has(audience)) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(audience, { value, renewAt });
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
