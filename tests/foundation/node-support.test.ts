// package.json's engines (20.19+, 22.12+ or 24+, Prisma's own range): every locked package accepts the lowest version of
// each line, except the one documented exception, and the versions between the lines are refused by some package.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTestApp, consoleAuth } from '../helpers/app.js';

/** Wants Node 22, pulled in by the prisma CLI (@prisma/dev) for `prisma dev` only, which DutyDesk never runs (README: 部署). */
const DOCUMENTED_EXCEPTIONS = new Set(['node_modules/@prisma/streams-local']);

const parts = (v: string) => v.split('.').map((n) => (/^\d+$/.test(n) ? Number(n) : 0));
const atLeast = (have: number[], want: number[]) => {
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== (want[i] ?? 0)) return (have[i] ?? 0) > (want[i] ?? 0);
  return true;
};

/** Whether a Node version meets an engines range of the forms found in package-lock.json (*, >=x, ^x.y, x.x, a || b). */
function satisfies(version: string, range: string): boolean {
  const have = parts(version);
  return range.split('||').some((alt) => {
    const a = alt.trim().replace(/\s+/g, '');
    if (a === '*' || a === '') return true;
    if (a.startsWith('>=')) return atLeast(have, parts(a.slice(2)));
    if (a.startsWith('^')) return have[0] === parts(a.slice(1))[0] && atLeast(have, parts(a.slice(1)));
    if (/^\d+\.(x|\*)$/.test(a)) return have[0] === parts(a)[0];
    throw new Error(`engines range not understood: ${range}`);
  });
}

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
  optional?: boolean;
}

describe('Node 20.19+, 22.12+ or 24+', () => {
  it('reads engines ranges as npm does', () => {
    expect(satisfies('20.19.0', '>=22.0.0')).toBe(false);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.1', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '10.* || >= 12.*')).toBe(true);
    expect(satisfies('20.19.0', '^16 || ^18 || >=20')).toBe(true);
    expect(satisfies('20.19.0', '>=20.19')).toBe(true);
  });

  it('package.json asks for 20.19+, 22.12+ or 24+: no locked package refuses those but the documented exception, and the gaps are real', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('^20.19 || ^22.12 || >=24');
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
    expect(lock.packages['']?.engines).toEqual(pkg.engines);
    const refusing = (version: string, exceptions = DOCUMENTED_EXCEPTIONS) =>
      Object.entries(lock.packages)
        .filter(([path]) => !exceptions.has(path))
        .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !satisfies(version, p.engines.node))
        .map(([path, p]) => `${path}@${p.version}`);
    expect(refusing('20.19.0')).toEqual([]);
    // On the later lines nothing refuses, not even the exception; optional packages are left out: the wasm32 bindings
    // (rolldown's, via vitest) that want 22.13 are only installed where no native binding exists, never on Linux.
    const optional = new Set(Object.entries(lock.packages).filter(([, p]) => p.optional).map(([path]) => path));
    for (const version of ['22.12.0', '24.0.0']) expect(refusing(version, optional)).toEqual([]);
    // Between the lines Prisma itself says no: the engines range is not narrower than it needs to be.
    for (const version of ['20.18.0', '21.7.0', '22.11.0', '23.11.0']) expect(refusing(version)).toContain('node_modules/prisma@7.10.0');
    for (const version of ['20.18.0', '21.7.0', '22.11.0', '23.11.0']) expect(satisfies(version, pkg.engines.node)).toBe(false);
    for (const path of DOCUMENTED_EXCEPTIONS) expect(lock.packages[path], `${path} is gone: drop it from the exceptions and the README`).toBeDefined();
    // fastify's light-my-request (app.inject) is held to cookie 1.x (Node 18+) instead of 2.x (Node 22+).
    expect(lock.packages['node_modules/light-my-request/node_modules/cookie']?.version).toMatch(/^1\./);
  });

  it("app.inject's cookies option works with the cookie package in use", async () => {
    const t = await buildTestApp();
    try {
      const token = consoleAuth(t).authorization.slice(7);
      const signIn = await t.app.inject(`/console?token=${token}`);
      const sid = String(signIn.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
      const page = await t.app.inject({ url: '/console/api/people', cookies: { dutydesk_console: sid } });
      expect(page.statusCode).toBe(200);
      expect((page.json() as Array<{ name: string }>).map((p) => p.name)).toContain('李娜');
    } finally {
      await t.close();
    }
  });
});
