// The app under benchmark in a process of its own (started by app-process.ts), so that its memory is measured
// without the load generator, the baseline servers or the benchmark's bookkeeping. Plain JavaScript so that it can
// run the compiled build (`dist/`, as `npm run start:prod` does) or the sources through tsx (`npm start`).
// Protocol: the parent sends { id, cmd, ...args } over IPC; the child answers { id, result } or { id, error }.
//   start { env, build }   wire the runtime as bench/lib/app.ts startRuntime does, listen on 127.0.0.1:0 → { url, pid }
//   idle                   dispatcher.idle(), then until the inbound count stops moving
//   counts                 { tickets, unprocessed }
//   memory { reset, gc }   current and peak (sampled every SAMPLE_MS) process.memoryUsage(), v8 heap statistics;
//                          with gc (and node --expose-gc) also the heap still used after a full collection
//   profileStart / profileStop { file }   CPU profile of this process, written to `file`
//   close                  app.close() (late replies go out), database closed, exit
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';

const SAMPLE_MS = 100;
let app;
let session;

const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
const usageMb = (u) => Object.fromEntries(Object.entries(u).map(([k, v]) => [k, mb(v)]));

let peak = process.memoryUsage();
function sample() {
  const now = process.memoryUsage();
  for (const k of Object.keys(now)) if (now[k] > peak[k]) peak[k] = now[k];
}
setInterval(sample, SAMPLE_MS).unref();

function heapSpaces() {
  return Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMb: mb(s.space_size), usedMb: mb(s.space_used_size) }]));
}

async function start({ env, build }) {
  const base = build === 'dist' ? '../../dist' : '../../src';
  const { loadConfig } = await import(`${base}/config.js`);
  const { createLogger } = await import(`${base}/logger.js`);
  const { createRuntime } = await import(`${base}/runtime.js`);
  const { deployMigrations, expectedMigrationNames } = await import(`${base}/store/migrate/engine.js`);
  const { openDatabase } = await import(`${base}/store/index.js`);
  const { systemClock } = await import(`${base}/clock.js`);
  const config = loadConfig({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '10000000', ...env });
  const logger = createLogger(config.logLevel);
  // As server.ts starts: migrations (nothing pending here: the benchmark migrated the file), database, runtime.
  await deployMigrations(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl);
  const runtime = await createRuntime({ config, clock: systemClock, logger, db, expectedMigrations: await expectedMigrationNames(config.databaseUrl) });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  app = { runtime, db };
  return { url: `http://127.0.0.1:${runtime.app.server.address().port}`, pid: process.pid, replyWaitMs: config.replyWaitMs };
}

/** Waits until `count` stops moving (checked every 250 ms, ≤ 25 s), as bench/lib/app.ts settle does. */
async function settle(count) {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = await count();
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const commands = {
  start,
  async idle() {
    await app.runtime.dispatcher.idle();
    await settle(() => app.runtime.stores.inbound.count());
  },
  async counts() {
    const prisma = app.db.prisma;
    return { tickets: await prisma.ticket.count(), unprocessed: await prisma.inboundMessage.count({ where: { processedAt: null } }) };
  },
  memory({ reset, gc }) {
    sample();
    const out = {
      nowMb: usageMb(process.memoryUsage()),
      peakMb: usageMb(peak),
      heap: Object.fromEntries(Object.entries(v8.getHeapStatistics()).map(([k, v]) => [k, k.startsWith('number_of') || k.startsWith('does') ? v : mb(v)])),
      spaces: heapSpaces(),
    };
    if (gc && globalThis.gc) {
      globalThis.gc();
      out.liveHeapAfterGcMb = mb(process.memoryUsage().heapUsed);
    }
    if (reset) peak = process.memoryUsage();
    return out;
  },
  async profileStart() {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  },
  async profileStop({ file }) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return { file };
  },
  async close() {
    app.runtime.dispatcher.stop();
    await app.runtime.app.close(); // closes the database too
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async (m) => {
  try {
    const result = await commands[m.cmd](m);
    process.send({ id: m.id, result: result ?? null });
  } catch (err) {
    process.send({ id: m.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
process.on('disconnect', () => process.exit(0));
