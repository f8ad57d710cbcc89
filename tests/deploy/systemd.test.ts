// deploy/dutydesk@.service: what can be checked without a running systemd. `systemd-analyze verify` parses the unit
// (unknown keys, bad values, a missing ExecStart binary); the rest ties it to the project: it runs the file
// `npm run build` produces, names only settings loadConfig reads, and waits longer than the app's graceful shutdown.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { unitCommand, unitEnvironment, unitSettings } from './unit.js';

const UNIT = 'deploy/dutydesk@.service';
const ENV_EXAMPLE = 'deploy/dutydesk.env.example';
const unit = readFileSync(UNIT, 'utf8');
const settings = unitSettings(unit);
const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dd-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The keys loadConfig asks the environment for (it reads env[key] and nothing else). */
function keysLoadConfigReads(): Set<string> {
  const read = new Set<string>();
  loadConfig(new Proxy({}, { get: (_t, key) => (typeof key === 'string' && read.add(key), undefined) }));
  return read;
}

describe('systemd unit', () => {
  it.skipIf(!analyze && !process.env.CI)(`systemd-analyze verify accepts it, as an instance on a port, without a warning${analyze ? '' : ' (skipped: systemd-analyze is not installed)'}`, () => {
    copyFileSync(UNIT, path.join(tmp, 'dutydesk@.service'));
    const r = spawnSync('systemd-analyze', ['verify', path.join(tmp, 'dutydesk@3001.service')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
  });

  it('runs the built server as an unprivileged user, restarts on failure, and is hardened', () => {
    expect(settings.get('User')).toEqual(['dutydesk']);
    expect(settings.get('Restart')).toEqual(['on-failure']);
    for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['PrivateTmp', 'yes'], ['ProtectHome', 'yes']]) {
      expect(settings.get(key!), key).toEqual([value]);
    }
    // The one writable place is the state directory, where MEDIA_DIR of the env file points.
    expect(settings.get('StateDirectory')).toEqual(['dutydesk']);
    expect(settings.get('ReadWritePaths')).toEqual(['/var/lib/dutydesk']);
    expect(readFileSync(ENV_EXAMPLE, 'utf8')).toMatch(/^MEDIA_DIR=\/var\/lib\/dutydesk\//m);
    expect(settings.get('EnvironmentFile')).toEqual(['/etc/dutydesk/dutydesk.env', '-/etc/dutydesk/dutydesk-%i.env']);
  });

  it('ExecStart is `node <flags> dist/server.js`, the file `npm run build` compiles src/server.ts to, as `npm run start:prod` runs it', () => {
    const [exec] = settings.get('ExecStart')!;
    expect(exec).toMatch(/ node --liftoff-only --max-semi-space-size=2 --heap-growing-percent=30 dist\/server\.js$/);
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    // The same Node flags and malloc arenas (memory, #15): the unit runs what the README's start:prod runs.
    expect(unitEnvironment(unit, '3001')).toMatchObject({ MALLOC_ARENA_MAX: '2' });
    expect(pkg.scripts['start:prod']).toBe(`MALLOC_ARENA_MAX=2 ${unitCommand(unit).join(' ')}`);
    // The instance name is the port; the instance listens on loopback only (nginx is the way in).
    expect(unitEnvironment(unit, '3001')).toMatchObject({ PORT: '3001', HOST: '127.0.0.1' });
  });

  it('every setting the unit and the env file name is read by loadConfig and documented in the README', () => {
    const read = keysLoadConfigReads();
    const readme = readFileSync('README.md', 'utf8');
    const envFile = readFileSync(ENV_EXAMPLE, 'utf8');
    const named = new Set([...Object.keys(unitEnvironment(unit, '3001')), ...[...envFile.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!)]);
    expect(named.size).toBeGreaterThan(10);
    // Read by the C library, not by the app (glibc's malloc arenas, README 内存).
    const forTheRuntime = new Set(['MALLOC_ARENA_MAX']);
    for (const key of named) {
      expect(read.has(key) || forTheRuntime.has(key), `${key} is not read by loadConfig`).toBe(true);
      expect(readme.includes(`\`${key}\``), `${key} is not in README`).toBe(true);
    }
    // The example loads: only the password is a placeholder.
    const values = Object.fromEntries([...envFile.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(loadConfig({ ...values, ...unitEnvironment(unit, '3001') })).toMatchObject({ port: 3001, host: '127.0.0.1', logFormat: 'json', databaseUrl: values.DATABASE_URL });
  });

  it("waits longer for a stop than the app's graceful shutdown takes (close-with-grace in src/server.ts)", () => {
    const delay = /closeWithGrace\(\{ delay: ([\d_]+)/.exec(readFileSync('src/server.ts', 'utf8'));
    expect(delay, 'src/server.ts no longer calls closeWithGrace({ delay: … })').not.toBeNull();
    const graceMs = Number(delay![1]!.replace(/_/g, ''));
    const stopSec = Number(/^(\d+)s$/.exec(settings.get('TimeoutStopSec')![0]!)![1]);
    expect(stopSec * 1000).toBeGreaterThan(graceMs);
    expect(settings.get('KillSignal')).toEqual(['SIGTERM']);
    expect(settings.get('KillMode')).toEqual(['mixed']);
  });
});
