// Throw-away SQLite databases for benchmarks: a fresh folder in the OS temp folder, migrated files inside it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployMigrations } from '../../src/store/migrate/engine.js';

export interface TempDatabase {
  /** Path of the SQLite file. */
  file: string;
  /** `file:` URL for DATABASE_URL. */
  url: string;
  /** Deletes the file and its WAL / shared-memory companions; the folder stays (it may hold profiles). */
  remove(): void;
}

/** A new, empty folder under the OS temp folder, e.g. tempDir('dutydesk-bench-'). */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** `<dir>/<name>.db` with every migration applied. */
export async function migratedDatabase(dir: string, name: string): Promise<TempDatabase> {
  const file = path.join(dir, `${name}.db`);
  const url = `file:${file}`;
  await deployMigrations(url);
  return {
    file,
    url,
    remove() {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    },
  };
}
