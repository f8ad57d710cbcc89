import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deployMigrations, diffMigrationsToSchema, migrationNames } from '../../src/store/migrate/engine.js';

describe('migrations (offline WebAssembly schema engine)', () => {
  it('the committed migrations produce exactly the schema in schema.prisma', async () => {
    expect(await diffMigrationsToSchema('file::memory:')).toBe('');
  });

  it('migrating an empty database applies every migration once, into _prisma_migrations', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dd-mig-')), 'x.db');
    const names = await migrationNames();
    expect(names.length).toBeGreaterThan(0);
    expect(await deployMigrations(`file:${file}`)).toEqual(names);
    expect(await deployMigrations(`file:${file}`)).toEqual([]);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL').all() as { migration_name: string }[];
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    const unique = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'InboundMessage_platform_msgId_key'").get() as { sql: string };
    expect(unique.sql).toContain('UNIQUE');
    const outboxKey = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'Outbox_dedupeKey_key'").get() as { sql: string };
    expect(outboxKey.sql).toContain('UNIQUE');
    db.close();
  });

  it('a fully migrated database is left alone: a CLI next to a busy server needs no write lock', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dd-mig-')), 'busy.db');
    await deployMigrations(`file:${file}`);
    const server = new Database(file);
    server.pragma('journal_mode = WAL');
    server.prepare('BEGIN IMMEDIATE').run(); // the running server is in the middle of a write
    try {
      expect(await deployMigrations(`file:${file}`)).toEqual([]);
    } finally {
      server.prepare('ROLLBACK').run();
      server.close();
    }
  }, 30_000);
});
