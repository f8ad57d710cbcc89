// Migrates one template database per test run (in its own folder, so parallel runs never collide);
// every test copies it, which is fast and isolated. The folder is removed at the end of the run.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { deployMigrations } from '../../src/store/migrate/engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tmpDir: string;
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve('tests/.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, 'run-'));
  await deployMigrations(`file:${path.join(dir, 'template.db')}`);
  project.provide('tmpDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
