// Reads of the directory (people, properties, chat bindings) remembered for one transaction: a batch of messages
// (Database.eachInTransaction) or one transaction. Processing a 报修 reads the sender, the property list, the chat's
// binding and the lead, some of them twice (the handler, the routing of its pushes, the reply), and the messages of
// a batch read mostly the same rows. Within the transaction these rows change only through the same stores (on
// SQLite nothing else can write; on PostgreSQL a commit of another instance is seen as if the batch had run a few
// milliseconds earlier), and every write through them forgets everything, as does a failed item's rollback. Stores
// over the root client get the pass-through (NO_CACHE): outside a transaction a read must see what others committed.

export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly enabled = true) {}

  /** The value read under `key` in this unit, or `load()`'s (remembered unless it fails). */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.enabled) return load();
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    const loaded = load();
    this.entries.set(key, loaded);
    // A failed read is forgotten (not a newer one made after a write cleared this key).
    loaded.catch(() => this.entries.get(key) === loaded && this.entries.delete(key));
    return loaded;
  }

  /** Remembers a row found by another key (a person found by account is also the person by id). */
  remember<T>(key: string, value: T): void {
    if (this.enabled) this.entries.set(key, Promise.resolve(value));
  }

  /** Runs a write: everything remembered is forgotten before and after it. */
  async write<T>(run: () => Promise<T>): Promise<T> {
    this.forget();
    try {
      return await run();
    } finally {
      this.forget();
    }
  }

  forget(): void {
    this.entries.clear();
  }
}

export const NO_CACHE = new ReadCache(false);
