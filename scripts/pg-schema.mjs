// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the one source of truth for the data model):
// the provider becomes postgresql and the client goes to src/store/generated-pg. Run by `npm run db:generate`.
// --check (run by `npm run db:diff`): writes nothing; prints a line and exits 1 when the file is stale.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8');

export function postgresSchema(text) {
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/src\/store\/generated"/, 'output       = "../../src/store/generated-pg"');
  if (out === text || !out.includes('"postgresql"') || !out.includes('generated-pg')) {
    throw new Error('prisma/schema.prisma: could not find the sqlite provider or the client output to swap');
  }
  return '// GENERATED from prisma/schema.prisma by scripts/pg-schema.mjs: do not edit, edit prisma/schema.prisma.\n' + out;
}

const target = path.join(root, 'prisma/postgres/schema.prisma');
if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== postgresSchema(source)) {
    console.log('prisma/postgres/schema.prisma is not generated from prisma/schema.prisma: run npm run db:generate');
    process.exit(1);
  }
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, postgresSchema(source));
}
