// The shape of the code the README promises: the store is the only path to the database, the core never names a
// platform, files stay short, and every document a comment cites is in the repository.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function files(dir: string, ext = /\.(ts|mjs)$/): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (rel.includes('generated') || name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...files(rel, ext));
    else if (ext.test(name)) out.push(rel);
  }
  return out;
}
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const code = (rel: string) => read(rel).replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');

const SRC = files('src');
/** The composition root may wire concrete pieces together. */
const ROOTS = new Set(['src/server.ts', 'src/runtime.ts']);

describe('architecture', () => {
  it('only src/store talks to Prisma', () => {
    const offenders = SRC.filter((f) => !f.startsWith('src/store/') && /prisma|\$queryRaw|\$transaction|generated\/client/i.test(code(f)));
    expect(offenders).toEqual([]);
  });

  it('no core file names a platform (only src/bot/<platform>/, configuration, the CLI and the composition root)', () => {
    const allowed = (f: string) => /^src\/bot\/[^/]+\//.test(f) || f.startsWith('src/cli/') || f.startsWith('src/config') || f === 'src/bot/platforms.ts' || ROOTS.has(f);
    const offenders = SRC.filter((f) => !allowed(f) && /wecom|dingtalk|企业微信|钉钉|微信客服/i.test(code(f)));
    expect(offenders).toEqual([]);
  });

  it('no source file is over 300 lines', () => {
    const long = SRC.map((f) => [f, read(f).split('\n').length] as const).filter(([, n]) => n > 300);
    expect(long).toEqual([]);
  });

  it('every document a comment cites exists, with the section it names', () => {
    const missing: string[] = [];
    for (const f of [...SRC, ...files('tests'), ...files('bench')]) {
      for (const m of read(f).matchAll(/docs\/([\w-]+\.md)((?:#[\w-]+)?)((?:, #[\w-]+)*)/g)) {
        const doc = path.join(ROOT, 'docs', m[1]!);
        if (!existsSync(doc)) {
          missing.push(`${f}: docs/${m[1]}`);
          continue;
        }
        const text = readFileSync(doc, 'utf8');
        const anchors = new Set([
          ...[...text.matchAll(/^#+\s+(.*)$/gm)].map((h) => h[1]!.trim().toLowerCase().replace(/[^\w\- \u4e00-\u9fff]/g, '').replace(/ /g, '-')),
          ...[...text.matchAll(/<a id="([^"]+)"/g)].map((a) => a[1]!),
        ]);
        for (const a of `${m[2]}${m[3]}`.matchAll(/#([\w-]+)/g)) if (!anchors.has(a[1]!)) missing.push(`${f}: docs/${m[1]}#${a[1]}`);
      }
      if (/(?:DOMAIN|WECOM|DINGTALK)\.md/.test(read(f))) missing.push(`${f}: cites a document outside the repository`);
    }
    expect(missing).toEqual([]);
  });
});
