import path from 'node:path';

/** Turns a `file:` DATABASE_URL into a filesystem path (relative paths resolve from the working directory). */
export function sqliteFile(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) throw new Error(`DATABASE_URL must start with file: (got ${databaseUrl.split(':')[0]}:)`);
  const raw = databaseUrl.slice('file:'.length).split('?')[0] ?? '';
  return raw === ':memory:' ? raw : path.resolve(raw);
}
