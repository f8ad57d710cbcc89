import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/client.js';
import { isPostgresUrl, postgresConfig } from '../postgres/connection.js';
import type { Prisma } from '../generated/client.js';
import { sqliteFile } from '../sqlite-url.js';
import { registerDirect } from './direct-sql.js';
import { Lock, serialized } from './serialized-adapter.js';
import { withStatementCache, type Statement } from './statement-cache.js';

export type Db = PrismaClient | Prisma.TransactionClient;
export { PrismaClient };

/**
 * Opens the database. SQLite gets WAL and a busy timeout so several writers wait instead of failing. A
 * postgresql:// URL opens PostgreSQL through @prisma/adapter-pg with the client generated from
 * prisma/postgres/schema.prisma; both clients come from the same models, so the stores take either under one type.
 * The PostgreSQL client, its adapter and `pg` are imported only when the URL asks for them: a SQLite process does
 * not load (nor keep in memory) a second generated client (issue #15, RSS).
 */
export async function createPrisma(databaseUrl: string): Promise<PrismaClient> {
  if (isPostgresUrl(databaseUrl)) {
    const [{ PrismaClient: PostgresPrismaClient }, { PrismaPg }] = await Promise.all([import('../generated-pg/client.js'), import('@prisma/adapter-pg')]);
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(postgresConfig(databaseUrl)) });
    return client as unknown as PrismaClient;
  }
  const file = sqliteFile(databaseUrl);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: 5000 });
  const lock = new Lock();
  let statement: ((sql: string) => Statement) | undefined;
  const prisma = new PrismaClient({ adapter: serialized(withStatementCache(adapter, (s) => (statement = s)), lock) });
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  // Statement journals (a write that fires a trigger, RETURNING, a savepoint) in memory, not in a temporary file: an
  // insert of a ticket (its text-search trigger) cost 4x more with the file (issue #15, bench/processing).
  await prisma.$executeRawUnsafe('PRAGMA temp_store = MEMORY');
  // Table statistics for the query planner (a lead's team vs. today's range on a large table), refreshed where stale;
  // analysis_limit keeps it to a sample, so it takes milliseconds even at a million tickets.
  await prisma.$queryRawUnsafe('PRAGMA analysis_limit = 1000');
  await prisma.$queryRawUnsafe('PRAGMA optimize = 0x10002');
  // Connected by the statements above: hand-written SQL can now skip Prisma (direct-sql.ts).
  if (statement) registerDirect(prisma, { statement, lock });
  return prisma;
}
