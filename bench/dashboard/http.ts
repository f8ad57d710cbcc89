// The dashboard's HTTP endpoints over a million tickets, through the real app (createRuntime, every hook and route):
// GET /api/board, GET /api/tickets with rotating filters (pages 1–3), GET /api/reports/complaints?month=2026-10, as
// a supervisor (all properties) and as a lead (one team), signed in the way people are (登录 in a direct chat through
// the console, the link's token posted to /dashboard/login, then the session cookie). Requests go in-process with
// app.inject, one at a time, the endpoints interleaved round by round so a busy machine slows them alike; baseline in
// the same rounds: GET /healthz. Afterwards one request of each kind is replayed with the SQL recorded, and every
// statement is timed alone on the file with its EXPLAIN QUERY PLAN (the "why" of a slow endpoint).
// The seeded database is kept in bench/.tmp/dashboard-<tickets>.db (git-ignored) and reused by the next run, with any
// newer migration applied; `--db fresh` seeds a new one in a temp folder, `--db <file>` names another file.
// `--filters q,overdue` runs only the list filters whose text contains one of the words (and the board / report).
// Usage: npx tsx bench/dashboard/http.ts [--tickets 1000000] [--runs 200] [--db keep|fresh|<file>] [--filters …] [--out last-http-run.json]
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ConsoleModule } from '../../src/bot/console/index.js';
import { fixedClock } from '../../src/clock.js';
import type { Runtime } from '../../src/runtime.js';
import { startRuntime } from '../lib/app.js';
import { readFlags, runMain } from '../lib/args.js';
import { tempDir } from '../lib/db.js';
import { deployMigrations } from '../../src/store/migrate/engine.js';
import { ratio, writeJsonResult } from '../lib/report.js';
import { ALL_FILTERS, NOW } from './filters.js';
import { seedDashboard } from './seed.js';
import { stats, type Stats } from './stats.js';

const SUPERVISOR = '陈静'; // supervisor, no properties listed: all four
const LEAD = '赵强'; // lead of 工程: the repairs
let FILTERS = ALL_FILTERS;

/** The seeded database: reused from bench/.tmp when there (newer migrations applied), else seeded. */
async function seededFile(tickets: number, db: string): Promise<{ file: string; rows: Record<string, number> | 'reused'; seedSeconds: number }> {
  const t0 = performance.now();
  const seconds = () => Math.round((performance.now() - t0) / 100) / 10;
  if (db === 'fresh') {
    const { file, rows } = await seedDashboard(tempDir('dd-dashboard-http-'), tickets);
    return { file, rows, seedSeconds: seconds() };
  }
  const kept = db === 'keep' ? path.join(fileURLToPath(new URL('../.tmp/', import.meta.url)), `dashboard-${tickets}.db`) : path.resolve(db);
  if (existsSync(kept)) {
    await deployMigrations(`file:${kept}`);
    console.log(`reusing ${kept} (pending migrations applied in ${seconds()} s)`);
    return { file: kept, rows: 'reused', seedSeconds: 0 };
  }
  // Seeded beside it under another name and renamed when complete: an interrupted seed leaves no half-filled file.
  mkdirSync(path.dirname(kept), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(kept), 'seeding-'));
  const { file, rows } = await seedDashboard(work, tickets);
  renameSync(file, kept);
  rmSync(work, { recursive: true, force: true });
  return { file: kept, rows, seedSeconds: seconds() };
}

/** Signs in as `who`: 登录 through the console, the link's token posted as the page does; returns the cookie. */
async function signIn(rt: Runtime, who: string): Promise<string> {
  const app = rt.app;
  const person = await rt.stores.people.find(who);
  if (!person || !person.verified || !person.active) throw new Error(`${who} is not an active, verified person`);
  const token = (rt.channels.find((c) => c.name === 'console') as ConsoleModule | undefined)?.token;
  if (!token) throw new Error('the console is not enabled');
  const said = await app.inject({ method: 'POST', url: '/console/api/say', payload: { as: person.id, text: '登录', group: false }, headers: { authorization: `Bearer ${token}` } });
  const reply = (said.json() as { reply: { text: string } | null }).reply?.text ?? '';
  const link = /https?:\/\/\S+\/dashboard\/login\?token=([\w-]+)/.exec(reply);
  if (!link) throw new Error(`no sign-in link for ${who}: ${reply}`);
  const res = await app.inject({ method: 'POST', url: '/dashboard/login', payload: `token=${encodeURIComponent(link[1]!)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (res.statusCode !== 303) throw new Error(`sign-in of ${who} failed: ${res.statusCode} ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function get(app: FastifyInstance, url: string, cookie?: string): Promise<{ status: number; body: string }> {
  const res = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  return { status: res.statusCode, body: res.body };
}

const ticketsUrl = (i: number) => {
  const f = FILTERS[i % FILTERS.length]!;
  const page = 1 + (Math.floor(i / FILTERS.length) % 3);
  return `/api/tickets?${f ? `${f}&` : ''}page=${page}`;
};

/** What the board shows, without the rows. */
const boardCounts = (b: unknown) => {
  const d = b as { openByKind: unknown; overdue: unknown[]; dueSoon: unknown[]; today: unknown };
  return { openByKind: d.openByKind, overdue: d.overdue.length, dueSoon: d.dueSoon.length, today: d.today };
};

interface Recorded { sql: string; args: unknown[] }

/** Records every statement the app prepares on better-sqlite3 while `on` is set (the adapter binds its args once). */
function sqlRecorder() {
  const proto = Database.prototype as unknown as { prepare(sql: string): { bind(...a: unknown[]): unknown } };
  const prepare = proto.prepare;
  const rec = { on: false, statements: [] as Recorded[] };
  proto.prepare = function (this: unknown, sql: string) {
    const stmt = prepare.call(this, sql);
    if (!rec.on) return stmt;
    const bind = stmt.bind;
    stmt.bind = function (this: unknown, ...a: unknown[]) {
      rec.statements.push({ sql, args: Array.isArray(a[0]) ? (a[0] as unknown[]) : a });
      return bind.apply(this, a);
    };
    return stmt;
  };
  return rec;
}

async function main() {
  const { tickets, runs, out, db: dbFlag, filters: only } = readFlags({ tickets: 1_000_000, runs: 200, out: 'last-http-run.json', db: 'keep', filters: '' });
  if (only) FILTERS = ALL_FILTERS.filter((f) => only.split(',').some((w) => f.includes(w)));
  const recorder = sqlRecorder();
  console.log(`database of ${tickets.toLocaleString()} tickets …`);
  const { file, rows, seedSeconds } = await seededFile(tickets, dbFlag);
  console.log(`ready (${seedSeconds} s): ${JSON.stringify(rows)}`);
  const { runtime: rt } = await startRuntime({ DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent', REPORT_HOUSEHOLDS: '1:3000,2:3000,3:3000,4:3000' }, fixedClock(NOW));
  await rt.app.ready();
  const app = rt.app;
  const cookies = { supervisor: await signIn(rt, SUPERVISOR), lead: await signIn(rt, LEAD) };

  const endpoints: Array<{ name: string; url: (i: number) => string; cookie?: string }> = [{ name: 'GET /healthz', url: () => '/healthz' }];
  for (const [role, cookie] of Object.entries(cookies)) {
    endpoints.push(
      { name: `GET /api/board (${role})`, url: () => '/api/board', cookie },
      { name: `GET /api/tickets (${role})`, url: ticketsUrl, cookie },
      { name: `GET /api/reports/complaints?month=2026-10 (${role})`, url: () => '/api/reports/complaints?month=2026-10', cookie },
    );
  }
  // One of each first (warm-up, and a look at what each answers).
  const samples: Record<string, unknown> = {};
  for (const e of endpoints) {
    const res = await get(app, e.url(0), e.cookie);
    if (res.status !== 200) throw new Error(`GET ${e.url(0)}: ${res.status} ${res.body.slice(0, 300)}`);
    samples[e.name] = JSON.parse(res.body);
  }
  // Answers other than 200 are counted apart (and left out of the timings), with the first body of each.
  const failures = new Map<string, { count: number; status: number; body: string; ms: number[] }>();

  const times = new Map<string, number[]>(endpoints.map((e) => [e.name, []]));
  const perFilter = new Map<string, number[]>();
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < endpoints.length; k++) {
      const e = endpoints[(i + k) % endpoints.length]!; // rotate who goes first in each round
      const url = e.url(i);
      const a = performance.now();
      const res = await get(app, url, e.cookie);
      const ms = performance.now() - a;
      const key = url.startsWith('/api/tickets') ? `${e.name.includes('lead') ? 'lead' : 'supervisor'} ${url.replace(/[?&]page=\d+/, '').replace('/api/tickets', '') || '(none)'}` : e.name;
      if (res.status !== 200) {
        const f = failures.get(key) ?? { count: 0, status: res.status, body: res.body.slice(0, 200), ms: [] };
        f.count++;
        f.ms.push(ms);
        failures.set(key, f);
        continue;
      }
      times.get(e.name)!.push(ms);
      if (url.startsWith('/api/tickets')) perFilter.set(key, [...(perFilter.get(key) ?? []), ms]);
    }
    if ((i + 1) % 20 === 0) console.log(`round ${i + 1}/${runs} (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  const results: Record<string, Stats & { ratioToHealthzP50?: number; ratioToHealthzP95?: number }> = {};
  const health = stats(times.get('GET /healthz')!);
  for (const [name, t] of times) {
    const s = stats(t);
    results[name] = name === 'GET /healthz' ? s : { ...s, ratioToHealthzP50: ratio(s.p50Ms, health.p50Ms, 0), ratioToHealthzP95: ratio(s.p95Ms, health.p95Ms, 0) };
    console.log(name, s);
  }
  const filters = [...perFilter].map(([filter, t]) => ({ filter, ...stats(t) })).sort((a, b) => b.p95Ms - a.p95Ms);

  // The SQL behind one request of each kind (supervisor and lead), each statement timed alone with its plan.
  const db = new Database(file, { readonly: true });
  const explain = (s: Recorded) => (db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.args) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
  const alone = (s: Recorded) => {
    const stmt = db.prepare(s.sql);
    const t: number[] = [];
    for (let j = 0; j < 3; j++) {
      const a = performance.now();
      if (stmt.reader) stmt.all(...s.args);
      t.push(performance.now() - a);
    }
    return Math.round(t.sort((x, y) => x - y)[1]! * 10) / 10;
  };
  const traced: Array<{ request: string; status: number; ms: number; statements: Array<{ sql: string; params: number; aloneMs: number; plan: string }> }> = [];
  const traceUrls: Array<['supervisor' | 'lead', string]> = [];
  for (const role of ['supervisor', 'lead'] as const) {
    traceUrls.push([role, '/api/board'], [role, '/api/reports/complaints?month=2026-10']);
    for (const f of FILTERS) traceUrls.push([role, `/api/tickets?${f ? `${f}&` : ''}page=1`]);
  }
  for (const [role, url] of traceUrls) {
    recorder.statements = [];
    recorder.on = true;
    const a = performance.now();
    const res = await get(app, url, cookies[role]);
    const ms = Math.round((performance.now() - a) * 10) / 10;
    recorder.on = false;
    const statements = recorder.statements
      .filter((s) => /^\s*SELECT/i.test(s.sql))
      .map((s) => ({ sql: s.sql.length > 400 ? `${s.sql.slice(0, 400)}…` : s.sql, params: s.args.length, aloneMs: alone(s), plan: explain(s) }))
      .sort((x, y) => y.aloneMs - x.aloneMs)
      .slice(0, 4);
    traced.push({ request: `${role} ${url}`, status: res.status, ms, statements });
  }
  db.close();

  const report = {
    tickets,
    rows,
    seedSeconds,
    now: NOW.toISOString(),
    requestsPerEndpoint: runs,
    filters: FILTERS.length,
    endpoints: results,
    failures: Object.fromEntries([...failures].map(([k, f]) => [k, { count: f.count, status: f.status, body: f.body, ...stats(f.ms) }])),
    filtersBySlowest: filters,
    traced,
    sample: {
      board: boardCounts(samples['GET /api/board (supervisor)']),
      boardLead: boardCounts(samples['GET /api/board (lead)']),
      tickets: { total: (samples['GET /api/tickets (supervisor)'] as { total: number }).total, totalLead: (samples['GET /api/tickets (lead)'] as { total: number }).total },
      complaints: Object.fromEntries(Object.entries(samples['GET /api/reports/complaints?month=2026-10 (supervisor)'] as Record<string, unknown>).filter(([, v]) => typeof v !== 'object')),
    },
    node: process.version,
  };
  await app.close();
  console.log(JSON.stringify({ endpoints: report.endpoints, failures: report.failures, filtersBySlowest: report.filtersBySlowest.slice(0, 10) }, null, 2));
  console.log(`written ${writeJsonResult(new URL('.', import.meta.url), out, report)}`);
}

await runMain(main);
