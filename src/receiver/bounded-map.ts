interface Entry<K, V> {
  key: K;
  value: V;
  /** Towards the least recently used entry. */
  older: Entry<K, V> | undefined;
  /** Towards the most recently used entry. */
  newer: Entry<K, V> | undefined;
}

/**
 * A Map that forgets its least recently used entries beyond a fixed size, so
 * a receiver left running for days keeps a constant memory footprint however
 * many distinct events it sees.
 *
 * The recency order is a linked list rather than the Map's own insertion
 * order: finding the oldest key with `keys().next()` walks over the holes
 * that evictions leave at the front of a Map, which cost 5 µs a delivery at
 * 10,000 entries, and a long-lived iterator instead keeps every table the Map
 * outgrows alive.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, Entry<K, V>>();
  private oldest: Entry<K, V> | undefined;
  private newest: Entry<K, V> | undefined;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores the value as the most recently used entry, evicting the oldest when full. */
  set(key: K, value: V): void {
    const known = this.entries.get(key);
    if (known) {
      known.value = value;
      this.unlink(known);
      this.append(known);
      return;
    }
    const entry: Entry<K, V> = { key, value, older: undefined, newer: undefined };
    this.entries.set(key, entry);
    this.append(entry);
    const oldest = this.oldest;
    if (this.entries.size > this.capacity && oldest) {
      this.unlink(oldest);
      this.entries.delete(oldest.key);
    }
  }

  private append(entry: Entry<K, V>): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
  }
}
