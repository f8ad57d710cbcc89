// npm run db:migrate  → apply pending migrations to DATABASE_URL
// npm run db:diff     → print SQL still missing from prisma/migrations (empty when in sync)
// npm run db:diff -- --create <name> → write it as a new migration folder
import { loadConfig } from '../../config.js';
import { createMigration, deployMigrations, diffMigrationsToSchema } from './engine.js';

const [cmd, ...rest] = process.argv.slice(2);
const config = loadConfig(process.env);
if (cmd === 'deploy') {
  const applied = await deployMigrations(config.databaseUrl);
  console.log(applied.length ? `已应用迁移 applied: ${applied.join(', ')}` : '数据库已是最新 database is up to date');
} else if (cmd === 'diff') {
  const i = rest.indexOf('--create');
  if (i >= 0) {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const name = await createMigration('file::memory:', rest[i + 1] ?? 'change', stamp);
    console.log(name ? `已生成迁移 created prisma/migrations/${name}` : '无变更 no changes');
  } else {
    process.stdout.write((await diffMigrationsToSchema('file::memory:')) + '\n');
  }
} else {
  console.error('用法 usage: migrate deploy | migrate diff [--create <name>]');
  process.exit(2);
}
