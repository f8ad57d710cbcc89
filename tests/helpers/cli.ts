// The command line as an administrator or operator uses it (`npm run cli -- …`), in a child process over a database
// file in a fresh temporary folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a failed command leaves: its exit code and what it wrote to stderr. */
export interface CliFailure {
  code: number;
  stderr: string;
}

/** A fresh temporary folder (named after `prefix`) and the database file in it. */
export function cliFolder(prefix: string, dbName: string): { dir: string; db: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, db: path.join(dir, dbName) };
}

/** `npm run cli -- ...args` over dbFile; the environment is PATH, DATABASE_URL and `env`, nothing else. */
export function runCli(dbFile: string, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${dbFile}`, ...env } });
}

/** A command that must fail: its failure (a success throws). */
export const failing = (p: Promise<unknown>): Promise<CliFailure> =>
  p.then(
    () => {
      throw new Error('expected the command to fail');
    },
    (e: CliFailure) => e,
  );

/** Writes a file (a CSV to import) into the folder; its path. */
export function fileIn(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
