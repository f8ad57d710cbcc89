// Offline migrations through Prisma's own WebAssembly schema engine, so no
// native schema-engine binary has to be downloaded. The migrations stay in
// Prisma's standard folder format, so `prisma migrate deploy` also works.
import { existsSync } from 'node:fs';
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { randomUUID } from 'node:crypto';
import type { PrismaPg } from '@prisma/adapter-pg';
import { sqliteFile } from '../sqlite-url.js';
import { isPostgresUrl, postgresConfig } from '../postgres/connection.js';

const require = createRequire(import.meta.url);
// The WebAssembly global exists in Node; its types ship only with the DOM lib.
const wasmApi = (globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: { __wbindgen_start(): void } } }> };
}).WebAssembly;
let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await wasmApi.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
  })();
  return wasmReady;
}

export const schemaPath = path.resolve('prisma/schema.prisma');
export const migrationsDir = path.resolve('prisma/migrations');

/** Where each provider keeps its schema and migrations. The PostgreSQL schema is generated from schemaPath. */
export interface ProviderFiles {
  readonly provider: 'sqlite' | 'postgresql';
  readonly schemaPath: string;
  readonly migrationsDir: string;
}
export const sqliteFiles: ProviderFiles = { provider: 'sqlite', schemaPath, migrationsDir };
export const postgresFiles: ProviderFiles = {
  provider: 'postgresql',
  schemaPath: path.resolve('prisma/postgres/schema.prisma'),
  migrationsDir: path.resolve('prisma/postgres/migrations'),
};
export function filesFor(databaseUrl: string): ProviderFiles {
  return isPostgresUrl(databaseUrl) ? postgresFiles : sqliteFiles;
}

type AdapterFactory = PrismaBetterSqlite3 | PrismaPg;
async function adapterFactory(databaseUrl: string): Promise<AdapterFactory> {
  return isPostgresUrl(databaseUrl) ? postgresFactory(databaseUrl) : new PrismaBetterSqlite3({ url: sqliteFile(databaseUrl), timeout: 5000 });
}

const PG_CHAR = 18;
const PG_TEXT = 25;
/** The engine reads catalog columns of type "char" (pg_class.relkind…), which the adapter refuses; they are text. */
function withCharColumns<T extends object>(conn: T): T {
  const io = conn as unknown as { performIO(q: unknown): Promise<{ fields: Array<{ dataTypeID: number }> }> };
  const performIO = io.performIO.bind(io);
  io.performIO = async (q) => {
    const result = await performIO(q);
    for (const f of result.fields ?? []) if (f.dataTypeID === PG_CHAR) f.dataTypeID = PG_TEXT;
    return result;
  };
  return conn;
}

/**
 * The adapter's own shadow database is dropped while its pool still holds a session; this one ends the pool first.
 * `pg` and the adapter are imported here, not at the top: a SQLite process never loads them.
 */
async function postgresFactory(databaseUrl: string): Promise<PrismaPg> {
  const [{ PrismaPg }, { default: pg }] = await Promise.all([import('@prisma/adapter-pg'), import('pg')]);
  const config = postgresConfig(databaseUrl);
  const factory = new PrismaPg(config);
  const admin = async (sql: string) => {
    const client = new pg.Client(config);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => withCharColumns(await connect());
  factory.connectToShadowDb = async () => {
    const database = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
    await admin(`CREATE DATABASE "${database}"`);
    const conn = withCharColumns(await new PrismaPg({ ...config, database }).connect());
    const dispose = conn.dispose.bind(conn);
    let disposed = false;
    conn.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    };
    return conn;
  };
  return factory;
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every database connection it opened (the engine keeps its lock otherwise). */
  close(): Promise<void>;
}

export async function openEngine(databaseUrl: string, schemaFile = filesFor(databaseUrl).schemaPath): Promise<OpenEngine> {
  await loadWasm();
  const datamodel = await readFile(schemaFile, 'utf8');
  const factory = await adapterFactory(databaseUrl);
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const conn = await connect();
    opened.push(conn);
    return conn;
  };
  // The engine replays whole migration scripts on the shadow database through
  // executeRaw, which better-sqlite3 (and pg's extended protocol) refuse for more than one statement.
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const shadow = await connectToShadowDb();
    opened.push(shadow);
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (query) =>
      /;\s*\S/.test(query.sql) && query.args.length === 0 ? (await shadow.executeScript(query.sql), 0) : executeRaw(query);
    return shadow;
  };
  const engine = await bg.SchemaEngine.new({ datamodels: [[schemaFile, datamodel]] }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
  return {
    engine,
    async close() {
      engine.free();
      for (const c of opened) await c.dispose().catch(() => {});
    },
  };
}

export async function loadMigrations(dir = migrationsDir): Promise<MigrationList> {
  const names = (await readdir(dir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(path.join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * Tables a migration creates by hand that the data model cannot describe, so the drift check leaves them alone:
 * the SQLite full-text index of ticket descriptions (migration 20261202023800_ticket_text_search) and its shadow
 * tables.
 */
const HAND_MADE_TABLES = ['TicketText', 'TicketTextTerms', 'TicketText_config', 'TicketText_data', 'TicketText_docsize', 'TicketText_idx', 'TicketText_content'];
/** PostgreSQL wants schema-qualified names here, and has none of these tables. */
const filtersFor = (databaseUrl: string) => ({ externalTables: isPostgresUrl(databaseUrl) ? [] : HAND_MADE_TABLES, externalEnums: [] });

/** Migrations recorded as finished in `_prisma_migrations` (read-only; none when the file or table is missing). */
function appliedMigrations(databaseUrl: string): Set<string> {
  const file = sqliteFile(databaseUrl);
  if (file === ':memory:' || !existsSync(file)) return new Set();
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return new Set();
    const rows = db.prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as Array<{ name: string }>;
    return new Set(rows.map((r) => r.name));
  } finally {
    db.close();
  }
}

/**
 * Applies every pending migration; returns the names applied now. When nothing is pending the schema engine is not
 * started at all: it takes write locks, and a CLI command next to the running server must not need them.
 */
export async function deployMigrations(databaseUrl: string): Promise<string[]> {
  const files = filesFor(databaseUrl);
  if (files.provider === 'sqlite') {
    await mkdir(path.dirname(sqliteFile(databaseUrl)), { recursive: true });
    const applied = appliedMigrations(databaseUrl);
    if ((await migrationNames()).every((name) => applied.has(name))) return [];
  }
  const { engine, close } = await openEngine(databaseUrl);
  try {
    const out = await engine.applyMigrations({ migrationsList: await loadMigrations(files.migrationsDir), filters: filtersFor(databaseUrl) });
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * SQL that turns the state of the committed migrations into the schema ('' when equal). The URL picks the
 * provider; for PostgreSQL it is a server where the engine may create (and drop) a shadow database.
 */
export async function diffMigrationsToSchema(databaseUrl: string): Promise<string> {
  const files = filesFor(databaseUrl);
  const { engine, close } = await openEngine(databaseUrl);
  try {
    const datamodel = await readFile(files.schemaPath, 'utf8');
    const result = await engine.diff({
      from: { tag: 'migrations', ...(await loadMigrations(files.migrationsDir)) },
      to: { tag: 'schemaDatamodel', files: [{ path: files.schemaPath, content: datamodel }] },
      script: true,
      exitCode: true,
      filters: filtersFor(databaseUrl),
    });
    return (result.stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '').trim();
  } finally {
    await close();
  }
}

/** Writes a new migration folder from the diff; returns its name, or null when nothing changed. */
export async function createMigration(databaseUrl: string, name: string, stamp: string): Promise<string | null> {
  const { provider, migrationsDir: dir } = filesFor(databaseUrl);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration_lock.toml'), lockfile(provider));
  const sql = await diffMigrationsToSchema(databaseUrl);
  if (!sql) return null;
  const dirName = `${stamp}_${name}`;
  await mkdir(path.join(dir, dirName), { recursive: true });
  await writeFile(path.join(dir, dirName, 'migration.sql'), sql + '\n');
  return dirName;
}

const lockfile = (provider: string) =>
  `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;

/** Names of the committed migration folders, oldest first. */
export async function migrationNames(dir = migrationsDir): Promise<string[]> {
  return (await loadMigrations(dir)).migrationDirectories.map((d) => d.path);
}

/** The migrations a database at this URL must have applied (the provider's own folder). */
export function expectedMigrationNames(databaseUrl: string): Promise<string[]> {
  return migrationNames(filesFor(databaseUrl).migrationsDir);
}
