// Hand-written SQL without Prisma's per-query cost on SQLite. Prisma spends 100–400 µs of CPU on each query (request
// pipeline, query-plan interpreter, result mapping); better-sqlite3 runs a cached prepared statement in a few µs. The
// statements run on the very connection Prisma uses, so inside an interactive transaction they are part of it, and a
// plain statement waits on the same lock as Prisma's plain queries (serialized-adapter.ts). On PostgreSQL, and on a
// client this module does not know, the SQL goes through Prisma's raw queries as before.
//
// Rows come back as SQLite stores them: integers as numbers, booleans as 0/1, DateTime as ISO text. Callers read
// them with the same tolerance they need for PostgreSQL's rows (row-values.ts).
import type { Db } from './client.js';
import type { Lock } from './serialized-adapter.js';
import type { Statement } from './statement-cache.js';

/** The SQLite connection under a Prisma client: statements by SQL text, and the lock plain queries take. */
export interface DirectConnection {
  /** The statement cache's prepared statement for the SQL text (statement-cache.ts). */
  statement(sql: string): Statement;
  readonly lock: Lock;
}

/** Root clients and transaction clients known to run on a SQLite connection; `inTransaction` skips the lock. */
const known = new WeakMap<object, { connection: DirectConnection; inTransaction: boolean }>();

/** Called where the SQLite client is opened. */
export function registerDirect(client: object, connection: DirectConnection): void {
  known.set(client, { connection, inTransaction: false });
}

/** Called at the start of an interactive transaction on a registered client: its statements run inside it. */
export function registerTransaction(root: object, tx: object): void {
  const entry = known.get(root);
  if (entry) known.set(tx, { connection: entry.connection, inTransaction: true });
}

async function onConnection<T>(db: Db, fn: (c: DirectConnection) => T): Promise<T | undefined> {
  const entry = known.get(db);
  if (!entry) return undefined;
  if (entry.inTransaction) return fn(entry.connection);
  return entry.connection.lock.run(async () => fn(entry.connection));
}

/** Rows of a SELECT (or `… RETURNING`); `sql` already in the client's dialect (see rawSql). */
export async function sqlRows<T>(db: Db, sql: string, params: readonly unknown[]): Promise<T[]> {
  // Prisma's adapter turns raw mode (rows as arrays) on for the statements it runs; the same SQL text may be one.
  const direct = await onConnection(db, (c) => c.statement(sql).raw(false).all(...params) as T[]);
  return direct ?? db.$queryRawUnsafe<T[]>(sql, ...params);
}

/** Runs an INSERT / UPDATE / DELETE; resolves with the rows changed. */
export async function sqlRun(db: Db, sql: string, params: readonly unknown[]): Promise<number> {
  const direct = await onConnection(db, (c) => c.statement(sql).run(...params).changes);
  return direct ?? db.$executeRawUnsafe(sql, ...params);
}
