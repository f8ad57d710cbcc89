// #15 (RSS): a SQLite process never loads the PostgreSQL side: the client generated from prisma/postgres/schema.prisma
// (src/store/generated-pg), @prisma/adapter-pg and pg are imported only when DATABASE_URL is postgresql://…
// (PostgreSQL itself is exercised by every forEachDatabase test, e.g. tests/foundation/store-providers.test.ts).
// A child process starts the database as server.ts does, with a module resolve hook that logs every module it loads.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const src = (file: string) => pathToFileURL(path.resolve('src', file)).href;

it('opening a SQLite database (migrations, client, a query) loads no PostgreSQL module', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dutydesk-lazy-pg-'));
  const log = path.join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}
`,
  );
  writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
  writeFileSync(
    path.join(dir, 'open.mjs'),
    `const { deployMigrations } = await import(${JSON.stringify(src('store/migrate/engine.ts'))});
const { openDatabase } = await import(${JSON.stringify(src('store/index.ts'))});
const url = 'file:' + ${JSON.stringify(path.join(dir, 'desk.db'))};
await deployMigrations(url);
const db = await openDatabase(url);
console.log(await db.stores.inbound.count());
await db.close();
`,
  );
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(path.join(dir, 'register.mjs')).href, path.join(dir, 'open.mjs')], {
    env: { PATH: process.env.PATH ?? '' },
  });
  expect(stdout.trim()).toBe('0');
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  // The hook saw the SQLite side being loaded, so it would have seen the PostgreSQL side too.
  expect(loaded.some((u) => u.includes('/src/store/generated/client.ts'))).toBe(true);
  expect(loaded.some((u) => u.includes('/@prisma/adapter-better-sqlite3/'))).toBe(true);
  expect(loaded.filter((u) => u.includes('/generated-pg/') || u.includes('/@prisma/adapter-pg/') || /\/node_modules\/pg(-[a-z]+)?\//.test(u))).toEqual([]);
});
