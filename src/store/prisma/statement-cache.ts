// A prepared-statement cache for the SQLite connection. @prisma/adapter-better-sqlite3 prepares every query anew
// (`client.prepare(sql).bind(args)`), so SQLite parses and plans the same few dozen statements for every message.
// This keeps the prepared statements by SQL text (least recently used out beyond MAX_STATEMENTS) and hands the
// adapter a bound view of the cached one. Safe because every statement runs to completion synchronously
// (run() / raw().all()) on the one connection before the next is prepared.
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** Distinct SQL texts kept prepared (Prisma's statements for the app's queries number in the hundreds). */
const MAX_STATEMENTS = 500;

export interface Statement {
  readonly reader: boolean;
  run(...args: unknown[]): { changes: number };
  all(...args: unknown[]): unknown[];
  columns(): unknown[];
  raw(on?: boolean): Statement;
}

interface Connection {
  prepare(sql: string): Statement;
}

/** What the adapter does with `prepare(sql).bind(args)` (and `prepare('BEGIN').run()`): run, reader, columns, raw().all(). */
function bound(stmt: Statement, args: unknown[]) {
  return {
    reader: stmt.reader,
    run: () => stmt.run(...args),
    columns: () => stmt.columns(),
    raw: () => ({ all: () => stmt.raw(true).all(...args) }),
  };
}

/** Replaces the connection's prepare with a caching one; returns the cached lookup (for direct-sql.ts). */
export function cacheStatements(db: Connection): (sql: string) => Statement {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-inserted below: most recently used last
    } else {
      stmt = prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  db.prepare = ((sql: string) => {
    const s = cached(sql);
    return { ...bound(s, []), bind: (args: unknown[]) => bound(s, args) } as unknown as Statement;
  }) as Connection['prepare'];
  return cached;
}

/**
 * Wraps the better-sqlite3 adapter factory: each connection it opens gets the statement cache; `onConnect` receives
 * the cached lookup of the connection.
 */
export function withStatementCache(factory: SqlDriverAdapterFactory, onConnect?: (statement: (sql: string) => Statement) => void): SqlDriverAdapterFactory {
  return {
    get provider() {
      return factory.provider;
    },
    get adapterName() {
      return factory.adapterName;
    },
    async connect() {
      const adapter = await factory.connect();
      const client = (adapter as unknown as { client?: Connection }).client;
      if (client && typeof client.prepare === 'function') onConnect?.(cacheStatements(client));
      return adapter;
    },
  };
}
