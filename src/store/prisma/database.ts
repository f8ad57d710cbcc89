// The Database over a Prisma client: stores, transactions, the applied migrations, close.
import type { Database } from '../types/index.js';
import { createPrisma, type PrismaClient } from './client.js';
import { registerTransaction, sqlRun } from './direct-sql.js';
import { ReadCache } from './read-cache.js';
import { createStores } from './stores.js';

/** Interactive transactions wait at most this long to start and to finish. */
const TRANSACTION_MS = 15_000;

export interface PrismaDatabase extends Database {
  /** For the composition root and tests only; everything else goes through `stores`. */
  readonly prisma: PrismaClient;
}

export function databaseOver(prisma: PrismaClient): PrismaDatabase {
  return {
    prisma,
    stores: createStores(prisma),
    transaction: (fn) =>
      prisma.$transaction(
        (tx) => {
          registerTransaction(prisma, tx);
          return fn(createStores(tx, new ReadCache()));
        },
        { timeout: TRANSACTION_MS, maxWait: TRANSACTION_MS },
      ),
    eachInTransaction: (items, fn, onError) =>
      prisma.$transaction(
        async (tx) => {
          registerTransaction(prisma, tx);
          // Directory reads are remembered for the batch (read-cache.ts); a failed item's rollback may undo rows read
          // after a write of its own, so they are forgotten with it.
          const cache = new ReadCache();
          const stores = createStores(tx, cache);
          for (const item of items) {
            await sqlRun(tx, 'SAVEPOINT each_item', []);
            try {
              await fn(item, stores);
            } catch (err) {
              await sqlRun(tx, 'ROLLBACK TO SAVEPOINT each_item', []);
              cache.forget();
              await onError(item, err, stores);
            }
            await sqlRun(tx, 'RELEASE SAVEPOINT each_item', []);
          }
        },
        { timeout: TRANSACTION_MS, maxWait: TRANSACTION_MS },
      ),
    async appliedMigrations() {
      const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      return rows.map((r) => r.migration_name);
    },
    close: () => prisma.$disconnect(),
  };
}

/** Opens the database at the URL (SQLite file). Migrations are applied separately (store/migrate). */
export async function openDatabase(databaseUrl: string): Promise<PrismaDatabase> {
  return databaseOver(await createPrisma(databaseUrl));
}
