// Migrates one template database per test run (in its own folder, so parallel runs never collide);
// every test copies it, which is fast and isolated. The folder is removed at the end of the run.
// PostgreSQL: one throw-away cluster per run (initdb), migrated into a template database that tests clone
// (tests/helpers/postgres.ts). Without PostgreSQL installed its tests are skipped, unless CI=true.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { deployMigrations } from '../../src/store/migrate/engine.js';
import { findPostgresBin, startThrowawayCluster, type ThrowawayCluster } from '../../src/store/postgres/throwaway-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tmpDir: string;
    /** The throw-away cluster's URL (database `postgres`), or '' when PostgreSQL is not installed. */
    pgUrl: string;
  }
}

export const PG_TEMPLATE = 'dutydesk_template';

async function startPostgres(): Promise<ThrowawayCluster | null> {
  const bin = findPostgresBin();
  if (!bin) {
    const msg = 'PostgreSQL (initdb) is not installed: the PostgreSQL store tests are skipped. Install it with `apt-get install -y postgresql`.';
    if (process.env.CI === 'true') throw new Error(`${msg} CI=true requires it.`);
    console.warn(`\n[global-setup] ${msg}\n`);
    return null;
  }
  const cluster = await startThrowawayCluster(bin);
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
    await admin.end();
    await deployMigrations(cluster.url.replace(/\/postgres$/, `/${PG_TEMPLATE}`));
    return cluster;
  } catch (e) {
    cluster.stop();
    throw e;
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve('tests/.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, 'run-'));
  await deployMigrations(`file:${path.join(dir, 'template.db')}`);
  project.provide('tmpDir', dir);
  const cluster = await startPostgres().catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  project.provide('pgUrl', cluster?.url ?? '');
  return () => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
