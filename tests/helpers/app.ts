// buildTestApp: the real app on a fresh migrated SQLite file, with a manual clock.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { expectedMigrationNames } from '../../src/store/migrate/engine.js';
import { createPrisma, type PrismaClient } from '../../src/store/prisma/client.js';
import { databaseOver, type Stores } from '../../src/store/index.js';
import type { ConsoleModule } from '../../src/bot/console/index.js';
import { DEMO_PEOPLE } from '../../src/store/seed.js';
import { templateDb, tmpDir } from './paths.js';
import { freshPostgresUrl, type Provider } from './postgres.js';

export interface TestApp {
  app: FastifyInstance;
  prisma: PrismaClient;
  stores: Stores;
  clock: ManualClock;
  config: Config;
  runtime: Runtime;
  /** Every log line written, parsed (for redaction tests). */
  logs: Array<Record<string, unknown>>;
  /** The SQLite file, or on PostgreSQL the database's URL (pass it as `dbFile` to open the same database). */
  dbFile: string;
  close(): Promise<void>;
}

export const REFERENCE_TIME = '2026-11-23T09:00:00+08:00';
/** The repair report the platform tests send. */
export const REPAIR_TEXT = '报修 3栋2单元1502 厨房水管漏水';

/** A fresh database file copied from the migrated template. */
export function freshDbFile(): string {
  const file = path.join(tmpDir(), `t-${randomUUID()}.db`);
  copyFileSync(templateDb(), file);
  return file;
}

/**
 * httpTimeoutMs: the platform clients' per-request timeout (short for fakes that never answer).
 * provider: 'postgresql' runs the app on a fresh database of this run's throw-away PostgreSQL cluster.
 */
export async function buildTestApp(
  opts: { env?: Record<string, string>; clock?: ManualClock; seed?: boolean; dbFile?: string; httpTimeoutMs?: number; provider?: Provider } = {},
): Promise<TestApp> {
  // TEST_DATABASE=postgresql runs every app-level test on PostgreSQL (tests/helpers/postgres.ts).
  // dbFile (another app's) opens the same database: a SQLite file, or on PostgreSQL that app's URL.
  // A given dbFile decides by itself (a SQLite file path stays SQLite even under TEST_DATABASE=postgresql).
  const onPostgres = opts.dbFile !== undefined
    ? opts.dbFile.startsWith('postgresql://')
    : (opts.provider ?? (process.env.TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite')) === 'postgresql';
  const dbFile = onPostgres ? (opts.dbFile ?? (await freshPostgresUrl())) : (opts.dbFile ?? freshDbFile());
  const databaseUrl = onPostgres ? dbFile : `file:${dbFile}`;
  // Tests that expect an answer in the HTTP response must not depend on the machine's speed: wait generously unless a test says otherwise.
  const config = loadConfig({ LOG_LEVEL: 'info', REPLY_WAIT_MS: '4000', ...opts.env, DATABASE_URL: databaseUrl });
  const clock = opts.clock ?? fixedClock(REFERENCE_TIME);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      cb();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const prisma = await createPrisma(config.databaseUrl);
  const runtime = await createRuntime({ config, clock, logger, db: databaseOver(prisma), expectedMigrations: await expectedMigrationNames(databaseUrl), httpTimeoutMs: opts.httpTimeoutMs });
  if (opts.seed !== false && !opts.dbFile) for (const p of DEMO_PEOPLE) await runtime.stores.people.create(p);
  await runtime.app.ready();
  return { app: runtime.app, prisma, stores: runtime.stores, clock, config, runtime, logs, dbFile, close: () => runtime.app.close() };
}

/** The console's access token of this app, as the bearer header scripts use. */
export function consoleAuth(t: TestApp): { authorization: string } {
  const token = (t.runtime.channels.find((c) => c.name === 'console') as ConsoleModule | undefined)?.token;
  if (!token) throw new Error('the console is not enabled in this test app');
  return { authorization: `Bearer ${token}` };
}

/** Sends a console message as a person (by name) and returns the reply text ('' when silent). */
export async function say(t: TestApp, who: string, text: string, group = false): Promise<string> {
  const person = await t.stores.people.find(who);
  if (!person) throw new Error(`no person ${who}`);
  const res = await t.app.inject({ method: 'POST', url: '/console/api/say', payload: { as: person.id, text, group }, headers: consoleAuth(t) });
  if (res.statusCode !== 200) throw new Error(`say failed ${res.statusCode} ${res.body}`);
  return (res.json() as { reply: { text: string } | null }).reply?.text ?? '';
}

/** One step of a scripted day: at a local time (or right after the previous step: null), who says what. */
export type Step = [at: string | null, who: string, text: string];

/** Plays a scripted day through the console: each step sets the clock when it names a time, then says the text. */
export async function play(t: TestApp, steps: readonly Step[]): Promise<string[]> {
  const replies: string[] = [];
  for (const [at, who, text] of steps) {
    if (at) t.clock.set(at);
    replies.push(await say(t, who, text));
  }
  return replies;
}
