// Results of a benchmark: ratios against the baseline measured in the same run, and the JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** ours / baseline, rounded to `digits` decimals (1.39 means 39 % slower, 0.385 means 38.5 % of the baseline's rate). */
export function ratio(ours: number, baseline: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round((ours / baseline) * scale) / scale;
}

/**
 * Writes `data` as indented JSON to `out`, which is relative to the benchmark's folder (`benchDir`, the URL of
 * that folder, e.g. `new URL('.', import.meta.url)`) unless absolute. Creates missing folders; returns the path.
 */
export function writeJsonResult(benchDir: URL, out: string, data: unknown): string {
  const file = path.resolve(fileURLToPath(benchDir), out);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2));
  return path.relative(process.cwd(), file) || file;
}
