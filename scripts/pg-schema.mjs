// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the one source of truth for the data model):
// the provider becomes postgresql and the client goes to src/store/generated-pg. Run by `npm run db:generate`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
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

mkdirSync(path.join(root, 'prisma/postgres'), { recursive: true });
writeFileSync(path.join(root, 'prisma/postgres/schema.prisma'), postgresSchema(source));
