// Tiny helpers for `Map<key, Set<value>>` indexes that drop a key when its set empties.

export function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

export function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

/** Hub names are case-insensitive in both services, so state is keyed by the lowercased name. */
export class HubRegistry<H> {
  readonly #hubs = new Map<string, H>();
  constructor(readonly create: () => H) {}

  get(name: string): H {
    const key = name.toLowerCase();
    let hub = this.#hubs.get(key);
    if (!hub) {
      hub = this.create();
      this.#hubs.set(key, hub);
    }
    return hub;
  }

  all(): IterableIterator<H> {
    return this.#hubs.values();
  }
}
