// Benchmark: POST /dingtalk/robot through the full app (signature → decode → dispatcher → SQLite → sync reply)
// against a bare Fastify route that only checks the signature. One process; the load generator runs in a worker.
//   npx tsx bench/dingtalk-robot/run.ts [--duration 10] [--connections 50] [--text "报修 …"] [--reply-wait 1500] [--out last-run.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { dingtalkRoutes } from '../../src/bot/dingtalk/plugin.js';
import { verifySign } from '../../src/bot/dingtalk/verify.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { deployMigrations, migrationNames } from '../../src/store/migrate/engine.js';
import { createPrisma } from '../../src/store/prisma/client.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
};
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '50'));
const TEXT = arg('text', '报修 3栋2单元1502 厨房水管漏水');
/** REPLY_WAIT_MS of the full app: how long the dispatcher may take before it answers `later` (default: config default). */
const REPLY_WAIT = arg('reply-wait', '');
const OUT = arg('out', 'last-run.json');
const SECRET = 'bench-app-secret';
const SENDERS = 50;

interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Seconds autocannon actually ran. */
  duration: number;
}

function load(url: string, route: string, duration: number, runId: string, sessionWebhook: string): Promise<LoadResult & { sent: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url, path: route, secret: SECRET, text: TEXT, duration, connections: CONNECTIONS, runId, sessionWebhook, senders: SENDERS },
    });
    // Bounded: autocannon stops itself after `duration`; this is the safety net.
    const guard = setTimeout(() => worker.postMessage('stop'), (duration + 20) * 1000);
    const kill = setTimeout(() => void worker.terminate(), (duration + 40) * 1000);
    worker.once('message', (m: { error?: string; sent: number; result?: LoadResult }) => {
      clearTimeout(guard);
      clearTimeout(kill);
      void worker.terminate();
      if (m.error || !m.result) reject(new Error(m.error ?? 'no result'));
      else resolve({ ...m.result, sent: m.sent });
    });
    worker.once('error', reject);
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function summarize(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const [id, us] of self) {
    const cf = byId.get(id)!.callFrame;
    const file = cf.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    const where = file ? `${file.replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const mod = !file ? cf.functionName || '(native)' : file.includes('node_modules/') ? (file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? 'node_modules') : file.startsWith('node:') ? 'node internals' : file.startsWith('src/') ? 'src (ours)' : file;
    modules.set(mod, (modules.get(mod) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ name: k, ms: Math.round(us / 1000), pct: Math.round((1000 * us) / total) / 10 }));
  return { totalMs: Math.round(total / 1000), functions: top(fns, 15), modules: top(modules, 10) };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dutydesk-bench-'));
  const dbUrl = `file:${path.join(dir, 'bench.db')}`;
  await deployMigrations(dbUrl);

  // Bare route: the same raw-body parser and signature check, nothing else. Also serves as the sessionWebhook sink.
  const bare = Fastify({ logger: false });
  let lateReplies = 0;
  bare.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  bare.post('/dingtalk/robot', async (req, reply) => {
    const r = verifySign({ timestamp: req.headers.timestamp as string, sign: req.headers.sign as string, secret: SECRET, now: systemClock.now() });
    if (!r.ok) return reply.status(401).send({ error: 'bad sign' });
    return { msgtype: 'empty' };
  });
  bare.post('/robot/sendBySession', async () => {
    lateReplies++;
    return { errcode: 0, errmsg: 'ok' };
  });
  // The robot API, for late replies whose sessionWebhook attempt failed (counted separately).
  let apiReplies = 0;
  bare.post('/v1.0/oauth2/accessToken', async () => ({ accessToken: 'bench-token', expireIn: 7200 }));
  bare.post('/v1.0/robot/groupMessages/send', async () => {
    apiReplies++;
    return { processQueryKey: 'bench' };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const config = loadConfig({
    DATABASE_URL: dbUrl,
    LOG_LEVEL: 'warn',
    ...(REPLY_WAIT ? { REPLY_WAIT_MS: REPLY_WAIT } : {}),
    CONSOLE_ENABLED: 'false',
    DINGTALK_APP_KEY: 'dingbench',
    DINGTALK_APP_SECRET: SECRET,
    DINGTALK_ROBOT_CODE: 'dingbench',
    DINGTALK_API_BASE: bareUrl,
    DINGTALK_OAPI_BASE: bareUrl,
    // Duty-group notifications need a channel (else every ticket logs a warning); nothing delivers them here.
    DINGTALK_GROUP_WEBHOOK: `${bareUrl}/robot/send?access_token=bench`,
  });
  const logger = createLogger(config.logLevel);
  const prisma = await createPrisma(config.databaseUrl);
  const runtime = await createRuntime({ config, clock: systemClock, logger, prisma, expectedMigrations: await migrationNames() });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const fullUrl = `http://127.0.0.1:${(runtime.app.server.address() as { port: number }).port}`;
  const session = `${bareUrl}/robot/sendBySession?session=bench`;

  // Adapter only: our real plugin (raw parser, signature, JSON, decode, encode of the reply) with a dispatcher
  // that answers at once, no database. Separates the transport's cost from the dispatcher's.
  const adapter = Fastify({ logger: false, bodyLimit: config.bodyLimit });
  const silent = createLogger('silent');
  await adapter.register(
    dingtalkRoutes({
      config,
      dispatcher: { handle: async (msg) => ({ duplicate: false, reply: { text: `已收到：${msg.text}（报修#1）` } }) },
      clock: systemClock,
      logger: silent,
      client: new DingtalkClient({ config: config.dingtalk, tokens: runtime.stores.tokens, clock: systemClock, logger: silent }),
      robot: true,
      events: false,
    }),
  );
  await adapter.listen({ port: 0, host: '127.0.0.1' });
  const adapterUrl = `http://127.0.0.1:${(adapter.server.address() as { port: number }).port}`;

  console.log(`node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s per run, text "${TEXT}"`);
  // Warm-up (JIT, prepared statements, sender registration), not reported.
  await load(bareUrl, '/dingtalk/robot', 2, 'warm-bare', session);
  await load(adapterUrl, '/dingtalk/robot', 2, 'warm-adapter', session);
  await load(fullUrl, '/dingtalk/robot', 2, 'warm-full', session);
  await runtime.dispatcher.idle();
  await settle(() => runtime.stores.inbound.count());
  await settle(async () => lateReplies + apiReplies); // warm-up's late replies still in flight
  const ticketsBefore = await prisma.ticket.count();
  const lateBefore = lateReplies;
  const apiBefore = apiReplies;

  const bareRes = await load(bareUrl, '/dingtalk/robot', DURATION, 'bare', session);
  console.log('bare', bareRes);
  const adapterRes = await load(adapterUrl, '/dingtalk/robot', DURATION, 'adapter', session);
  console.log('adapter', adapterRes);

  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
  const fullRes = await load(fullUrl, '/dingtalk/robot', DURATION, 'full', session);
  const { profile } = (await inspector.post('Profiler.stop')) as unknown as { profile: Profile };
  inspector.disconnect();
  console.log('full', fullRes);
  // Answers may have gone out as "later": wait until the background processing has caught up.
  const drainStart = Date.now();
  await runtime.dispatcher.idle();
  await settle(() => runtime.stores.inbound.count());
  const drainMs = Date.now() - drainStart;
  const tickets = (await prisma.ticket.count()) - ticketsBefore;
  const unprocessed = await prisma.inboundMessage.count({ where: { processedAt: null } });

  await settle(async () => lateReplies + apiReplies);
  await runtime.app.close(); // sends the late replies still in flight
  const late = lateReplies - lateBefore;
  const viaApi = apiReplies - apiBefore;
  await adapter.close();
  const prof = summarize(profile);
  const profFile = path.join(dir, 'full.cpuprofile');
  writeFileSync(profFile, JSON.stringify(profile));

  const ratio = fullRes.rps / bareRes.rps;
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    connections: CONNECTIONS,
    durationS: DURATION,
    replyWaitMs: config.replyWaitMs,
    text: TEXT,
    bare: bareRes,
    adapter: adapterRes,
    full: fullRes,
    ratio: Math.round(ratio * 1000) / 1000,
    adapterRatio: Math.round((adapterRes.rps / bareRes.rps) * 1000) / 1000,
    ticketsCreated: tickets,
    completed2xx: fullRes.total,
    /** Answered in the HTTP response (= tickets − replies that went out later). */
    syncReplies: tickets - late - viaApi,
    lateReplies: late,
    lateRepliesViaRobotApi: viaApi,
    drainMsAfterLoad: drainMs,
    unprocessedAfterDrain: unprocessed,
    /** Messages fully processed per second: tickets / (load duration + time to drain the backlog). */
    processedPerSecond: Math.round((tickets / (fullRes.duration + drainMs / 1000)) * 10) / 10,
    profile: prof,
    profileFile: profFile,
  };
  writeFileSync(path.join('bench', 'dingtalk-robot', OUT), JSON.stringify(out, null, 2));
  console.log(JSON.stringify({ ratio: out.ratio, adapterRatio: out.adapterRatio, ticketsCreated: tickets, syncReplies: out.syncReplies, lateReplies: late, viaApi, drainMs, unprocessed, processedPerSecond: out.processedPerSecond }, null, 2));
  console.log('top self time (full path):');
  for (const f of prof.functions) console.log(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(6)} ms  ${f.name}`);
  console.log('by module:');
  for (const m of prof.modules) console.log(`  ${String(m.pct).padStart(5)}%  ${String(m.ms).padStart(6)} ms  ${m.name}`);
  const pass = ratio >= 0.25 && fullRes.p99 < 50 && fullRes.non2xx === 0 && fullRes.errors === 0;
  console.log(`target (full ≥ 25% of bare, p99 < 50 ms, no errors): ${pass ? 'MET' : 'NOT MET'}`);
  await bare.close();
  rmSync(path.join(dir, 'bench.db'), { force: true });
}

/** Requests still being processed after the load generator stopped: wait until the count stops moving. */
async function settle(count: () => Promise<number>): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = await count();
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
}

await main();
