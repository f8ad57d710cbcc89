// `npm start` as a user runs it: a real process, an empty environment (only a temp database and port 0).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-start-'));
const dbFile = path.join(dir, 'dutydesk.db');
let child: ChildProcess | undefined;

/** The base URL and the console address with its token, from the start log. */
function start(): Promise<{ base: string; consoleUrl: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: `file:${dbFile}`, PORT: '0', HOST: '127.0.0.1' };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (c) => {
      out += c;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(out);
      const cu = /(http:\/\/127\.0\.0\.1:\d+\/console\?token=[\w-]+)/.exec(out);
      if (m && cu) resolve({ base: m[1]!, consoleUrl: cu[1]! });
    });
    child!.stderr!.on('data', (c) => (out += c));
    child!.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

afterAll(() => {
  child?.kill('SIGKILL');
});

describe('npm start with an empty environment', () => {
  it('migrates, serves /healthz /readyz /console, stores a console message, and stops on SIGTERM', async () => {
    const { base, consoleUrl } = await start();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    // Without the token from the start log the console is closed; the logged address opens a session cookie.
    expect((await fetch(`${base}/console`)).status).toBe(401);
    expect((await fetch(`${base}/console/api/people`)).status).toBe(401);
    const signIn = await fetch(consoleUrl, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${base}/console`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('值班台');
    const people = (await (await fetch(`${base}/console/api/people`, { headers: { cookie } })).json()) as Array<{ id: number; name: string }>;
    const clerk = people.find((p) => p.name === '李娜')!;
    const said = await fetch(`${base}/console/api/say`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ as: clerk.id, text: '帮助' }) });
    expect(said.status).toBe(200);
    expect(((await said.json()) as { reply: { text: string } }).reply.text).toContain('报修');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = new Database(dbFile, { readonly: true });
    const row = db.prepare('SELECT platform, text, processedAt FROM InboundMessage').get() as { platform: string; text: string; processedAt: number | null };
    expect(row).toMatchObject({ platform: 'console', text: '帮助' });
    expect(row.processedAt).not.toBeNull();
    db.close();
  }, 60_000);
});
