// Unused negotiations are indexed by token and expire in constant time: a negotiate looks at the
// expired entries at the front and the first live one, never at every entry, and a cap bounds them.
import { describe, expect, it } from 'vitest';
import { NegotiationStore, type Pending } from '../src/signalr/negotiations.js';

/** A Map that counts the entries iteration visits (what expiry costs). */
class CountingMap<K, V> extends Map<K, V> {
  visited = 0;
  override *[Symbol.iterator](): MapIterator<[K, V]> {
    for (const entry of super.entries()) {
      this.visited++;
      yield entry;
    }
  }
}

const TTL = 5 * 60 * 1000;

function store(maxEntries = 100_000) {
  let now = 0;
  const entries = new CountingMap<string, Pending<unknown>>();
  const negotiations = new NegotiationStore<number>({
    ttlMs: TTL,
    maxEntries,
    now: () => now,
    entries,
  });
  return { negotiations, entries, at: (ms: number) => (now = ms) };
}

describe('NegotiationStore', () => {
  it('visits one live entry per negotiate however many unused ones wait', () => {
    const { negotiations, entries, at } = store();
    for (let i = 0; i < 20_000; i++) negotiations.add(`t${i}`, i);
    entries.visited = 0;
    at(TTL - 1);
    negotiations.add('late', 1);
    expect([negotiations.size, entries.visited]).toEqual([20_001, 1]);
  });

  it('drops every expired entry on the next negotiate, each once, and keeps the live ones', () => {
    const { negotiations, entries, at } = store();
    for (let i = 0; i < 20_000; i++) negotiations.add(`old${i}`, i);
    at(TTL / 2);
    negotiations.add('young', 1);
    at(TTL + 1);
    entries.visited = 0;
    negotiations.add('new', 2);
    // 20,000 expired entries visited once each, then the first live one; the next add visits one.
    expect([negotiations.size, entries.visited]).toEqual([2, 20_001]);
    entries.visited = 0;
    negotiations.add('newer', 3);
    expect(entries.visited).toBe(1);
    expect([negotiations.take('young'), negotiations.take('old0')]).toEqual([1, undefined]);
  });

  it('refuses an expired token even before expiry has dropped it, and a token twice', () => {
    const { negotiations, at } = store();
    negotiations.add('a', 1);
    negotiations.add('b', 2);
    at(TTL);
    expect(negotiations.take('a')).toBeUndefined();
    at(TTL - 1);
    expect([negotiations.take('b'), negotiations.take('b')]).toEqual([2, undefined]);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const { negotiations } = store(1000);
    for (let i = 0; i < 1005; i++) negotiations.add(`t${i}`, i);
    expect(negotiations.size).toBe(1000);
    expect(negotiations.take('t4')).toBeUndefined();
    expect([negotiations.take('t5'), negotiations.take('t1004')]).toEqual([5, 1004]);
  });
});
