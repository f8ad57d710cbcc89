// npm run db:migrate  → apply pending migrations to DATABASE_URL (file: → SQLite, postgresql:// → PostgreSQL)
// npm run db:diff     → print SQL still missing from prisma/migrations and prisma/postgres/migrations (empty when
//                       in sync). PostgreSQL is checked on a throw-away cluster (initdb); without one it says so on
//                       stderr and checks SQLite only.
// npm run db:diff -- --create <name> → write what is missing as a new migration folder, for each provider
import { loadConfig } from '../../config.js';
import { findPostgresBin, startThrowawayCluster } from '../postgres/throwaway-cluster.js';
import { createMigration, deployMigrations, diffMigrationsToSchema } from './engine.js';

const [cmd, ...rest] = process.argv.slice(2);
const config = loadConfig(process.env);

async function withPostgres(fn: (url: string) => Promise<void>): Promise<void> {
  const bin = findPostgresBin();
  if (!bin) {
    console.error('未找到 PostgreSQL (initdb)，只检查了 SQLite；安装 postgresql 后再检查 PostgreSQL 迁移 (apt-get install -y postgresql)');
    return;
  }
  const cluster = await startThrowawayCluster(bin);
  try {
    await fn(cluster.url);
  } finally {
    cluster.stop();
  }
}

if (cmd === 'deploy') {
  const applied = await deployMigrations(config.databaseUrl);
  console.log(applied.length ? `已应用迁移 applied: ${applied.join(', ')}` : '数据库已是最新 database is up to date');
} else if (cmd === 'diff') {
  const i = rest.indexOf('--create');
  if (i >= 0) {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const name = rest[i + 1] ?? 'change';
    const report = (dir: string, created: string | null) =>
      console.log(created ? `已生成迁移 created ${dir}/${created}` : `无变更 no changes in ${dir}`);
    report('prisma/migrations', await createMigration('file::memory:', name, stamp));
    await withPostgres(async (url) => report('prisma/postgres/migrations', await createMigration(url, name, stamp)));
  } else {
    const out: string[] = [];
    const sqlite = await diffMigrationsToSchema('file::memory:');
    if (sqlite) out.push('-- SQLite (prisma/migrations)', sqlite);
    await withPostgres(async (url) => {
      const pg = await diffMigrationsToSchema(url);
      if (pg) out.push('-- PostgreSQL (prisma/postgres/migrations)', pg);
    });
    if (out.length) process.stdout.write(out.join('\n') + '\n');
  }
} else {
  console.error('用法 usage: migrate deploy | migrate diff [--create <name>]');
  process.exit(2);
}
