// Serialises every statement on the single SQLite connection.
//
// @prisma/adapter-better-sqlite3 shares one connection between interactive transactions and
// plain queries, and only transactions wait for each other. A plain write issued while another
// request's transaction is open therefore runs inside that transaction and is lost if it rolls
// back (an acknowledged inbound row, an outbox row marked sent). This wrapper makes plain
// queries wait until the open transaction has committed or rolled back.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/** A FIFO lock: `acquire` resolves with the function that releases it. */
export class Lock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => {
      let done = false;
      return () => {
        if (!done) {
          done = true;
          release();
        }
      };
    });
    this.tail = this.tail.then(() => held);
    return ready;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function wrapTransaction(tx: Transaction, release: () => void): Transaction {
  return {
    get provider() {
      return tx.provider;
    },
    get adapterName() {
      return tx.adapterName;
    },
    get options() {
      return tx.options;
    },
    queryRaw: (q: SqlQuery) => tx.queryRaw(q),
    executeRaw: (q: SqlQuery) => tx.executeRaw(q),
    commit: () => tx.commit().finally(release),
    rollback: () => tx.rollback().finally(release),
    createSavepoint: tx.createSavepoint?.bind(tx),
    rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
    releaseSavepoint: tx.releaseSavepoint?.bind(tx),
  } as Transaction;
}

function wrapAdapter(inner: SqlDriverAdapter, lock: Lock): SqlDriverAdapter {
  return {
    get provider() {
      return inner.provider;
    },
    get adapterName() {
      return inner.adapterName;
    },
    queryRaw: (q) => lock.run(() => inner.queryRaw(q)),
    executeRaw: (q) => lock.run(() => inner.executeRaw(q)),
    executeScript: (s) => lock.run(() => inner.executeScript(s)),
    async startTransaction(isolationLevel) {
      const release = await lock.acquire();
      try {
        return wrapTransaction(await inner.startTransaction(isolationLevel), release);
      } catch (err) {
        release();
        throw err;
      }
    },
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
  };
}

/** Wraps an adapter factory so each connection it opens is serialised (by `lock`, which direct-sql.ts takes too). */
export function serialized(factory: SqlDriverAdapterFactory, lock = new Lock()): SqlDriverAdapterFactory {
  return {
    get provider() {
      return factory.provider;
    },
    get adapterName() {
      return factory.adapterName;
    },
    connect: async () => wrapAdapter(await factory.connect(), lock),
  };
}
