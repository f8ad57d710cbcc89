// PostgreSQL in tests: each test gets its own database cloned from the migrated template of this run's
// throw-away cluster (global-setup.ts). `forEachDatabase` runs a describe block on SQLite and on PostgreSQL.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

export type Provider = 'sqlite' | 'postgresql';
const TEMPLATE = 'dutydesk_template';

export const postgresAvailable = (): boolean => inject('pgUrl') !== '';

/** A new database cloned from the migrated template; returns its postgresql:// URL. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('pgUrl');
  if (!base) throw new Error('PostgreSQL is not available in this test run');
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  return base.replace(/\/postgres$/, `/${name}`);
}

/** Declares the block once per database; the PostgreSQL one is skipped (visibly) when it is not installed. */
export function forEachDatabase(name: string, fn: (provider: Provider) => void): void {
  describe(`${name} (SQLite)`, () => fn('sqlite'));
  describe.skipIf(!postgresAvailable())(`${name} (PostgreSQL)`, () => fn('postgresql'));
}
