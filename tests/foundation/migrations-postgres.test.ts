// PostgreSQL migrations on this run's throw-away cluster: no drift against the generated schema, and deploying
// onto an empty database applies every migration once (and nothing the second time).
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { deployMigrations, diffMigrationsToSchema, migrationNames, postgresFiles } from '../../src/store/migrate/engine.js';
import { postgresAvailable } from '../helpers/postgres.js';

describe.skipIf(!postgresAvailable())('migrations on PostgreSQL (offline WebAssembly schema engine)', () => {
  it('prisma/postgres/migrations produce exactly prisma/postgres/schema.prisma', async () => {
    expect(await diffMigrationsToSchema(inject('pgUrl'))).toBe('');
  });

  it('an empty database gets every migration once, with the default property', async () => {
    const admin = new pg.Client({ connectionString: inject('pgUrl') });
    await admin.connect();
    await admin.query('CREATE DATABASE mig_empty');
    await admin.end();
    const url = inject('pgUrl').replace(/\/postgres$/, '/mig_empty');
    const names = await migrationNames(postgresFiles.migrationsDir);
    expect(names.length).toBeGreaterThan(0);
    expect(await deployMigrations(url)).toEqual(names);
    expect(await deployMigrations(url)).toEqual([]);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      expect((await db.query('SELECT "id", "name" FROM "Property"')).rows).toEqual([{ id: 1, name: '默认项目' }]);
      const next = await db.query(`INSERT INTO "Property" ("name") VALUES ('二期') RETURNING "id"`);
      expect(next.rows[0].id).toBe(2);
    } finally {
      await db.end();
    }
  });
});
