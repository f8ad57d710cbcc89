// Benchmark: POST /wecom/callback through the full app (signature → decrypt → XML → dispatcher → SQLite →
// encrypted passive reply) against a bare Fastify route that only verifies the signature and decrypts.
// One process; the load generator (autocannon) runs in a worker thread.
//   npx tsx bench/wecom-callback/run.ts [--duration 10] [--connections 50] [--text "报修 …"]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { WecomClient } from '../../src/bot/wecom/client.js';
import { WecomCrypto } from '../../src/bot/wecom/crypto.js';
import { createLateReplies } from '../../src/bot/late-replies.js';
import { wecomRoutes } from '../../src/bot/wecom/plugin.js';
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
const CORP_ID = 'wwbenchcorp';
const TOKEN = 'benchToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const AGENT_ID = '1000002';
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
}

function load(url: string, route: string, duration: number, runId: string): Promise<LoadResult & { sent: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url, path: route, token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID, agentId: AGENT_ID, text: TEXT, duration, connections: CONNECTIONS, runId, senders: SENDERS },
    });
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
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
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
  const dir = mkdtempSync(path.join(tmpdir(), 'dutydesk-wecom-bench-'));
  const dbUrl = `file:${path.join(dir, 'bench.db')}`;
  await deployMigrations(dbUrl);

  // Bare route: raw body, signature check over <Encrypt>, decrypt + receiveid. Also stands in for the WeCom API
  // (gettoken, message/send, webhook) so late replies and notifications have somewhere to go.
  const crypto = new WecomCrypto(TOKEN, AES_KEY, CORP_ID);
  const bare = Fastify({ logger: false });
  let apiCalls = 0;
  bare.removeAllContentTypeParsers();
  bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  bare.post<{ Querystring: Record<string, string> }>('/wecom/callback', async (req, reply) => {
    const body = (req.body as Buffer).toString('utf8');
    const a = body.indexOf('<Encrypt><![CDATA[');
    const b = body.indexOf(']]></Encrypt>');
    if (a < 0 || b < 0) return reply.status(400).send('');
    const enc = body.slice(a + 18, b);
    if (!crypto.verify(req.query.msg_signature, req.query.timestamp, req.query.nonce, enc)) return reply.status(401).send('');
    crypto.open(enc);
    return reply.status(200).send('');
  });
  bare.get('/cgi-bin/gettoken', async () => ({ errcode: 0, errmsg: 'ok', access_token: 'bench-token', expires_in: 7200 }));
  bare.post('/cgi-bin/*', async () => {
    apiCalls++;
    return { errcode: 0, errmsg: 'ok' };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  const config = loadConfig({
    DATABASE_URL: dbUrl,
    LOG_LEVEL: 'warn',
    CONSOLE_ENABLED: 'false',
    WECOM_CORP_ID: CORP_ID,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_AGENT_ID: AGENT_ID,
    WECOM_SECRET: 'bench-secret',
    WECOM_API_BASE: bareUrl,
    // Duty-group notifications need a channel (else every ticket logs a warning).
    WECOM_GROUP_WEBHOOK_KEY: 'bench-hook',
    ...(arg('reply-wait', '') ? { REPLY_WAIT_MS: arg('reply-wait', '') } : {}),
  });
  const logger = createLogger(config.logLevel);
  const prisma = await createPrisma(config.databaseUrl);
  const runtime = await createRuntime({ config, clock: systemClock, logger, prisma, expectedMigrations: await migrationNames() });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const fullUrl = `http://127.0.0.1:${(runtime.app.server.address() as { port: number }).port}`;

  // Adapter only: our real /wecom/callback plugin (parser, signature, decrypt, XML, decode, encrypted reply) with a
  // dispatcher that answers at once, no database. Separates the transport's cost from the dispatcher's.
  const adapter = Fastify({ logger: false, bodyLimit: config.bodyLimit });
  const silent = createLogger('silent');
  const client = new WecomClient({ config: config.wecom, tokens: runtime.stores.tokens, clock: systemClock, logger: silent });
  await adapter.register(
    wecomRoutes({
      config,
      dispatcher: { handle: async (msg) => ({ duplicate: false, reply: { text: `已收到：${msg.text}（报修#1）` } }) },
      clock: systemClock,
      logger: silent,
      client,
      late: createLateReplies({ logger: silent, platform: 'wecom' }),
      app: true,
      aibot: false,
    }),
  );
  await adapter.listen({ port: 0, host: '127.0.0.1' });
  const adapterUrl = `http://127.0.0.1:${(adapter.server.address() as { port: number }).port}`;

  console.log(`node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s per run, text "${TEXT}"`);
  await load(bareUrl, '/wecom/callback', 2, 'warm-bare');
  await load(adapterUrl, '/wecom/callback', 2, 'warm-adapter');
  await load(fullUrl, '/wecom/callback', 2, 'warm-full');
  await settle(() => runtime.stores.inbound.count());
  const ticketsBefore = await prisma.ticket.count();

  const bareRes = await load(bareUrl, '/wecom/callback', DURATION, 'bare');
  console.log('bare', bareRes);
  const adapterRes = await load(adapterUrl, '/wecom/callback', DURATION, 'adapter');
  console.log('adapter', adapterRes);

  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
  const { monitorEventLoopDelay } = await import('node:perf_hooks'); const eld = monitorEventLoopDelay({ resolution: 5 }); eld.enable();
  const fullRes = await load(fullUrl, '/wecom/callback', DURATION, 'full');
  eld.disable(); console.log('ELD ms p50', eld.percentile(50) / 1e6, 'p99', eld.percentile(99) / 1e6, 'max', eld.max / 1e6);
  const { profile } = (await inspector.post('Profiler.stop')) as unknown as { profile: Profile };
  inspector.disconnect();
  console.log('full', fullRes);
  await settle(() => runtime.stores.inbound.count());
  await runtime.dispatcher.idle();
  const tickets = (await prisma.ticket.count()) - ticketsBefore;
  const inbound = await runtime.stores.inbound.count();

  await runtime.app.close();
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
    text: TEXT,
    bare: bareRes,
    adapter: adapterRes,
    full: fullRes,
    ratio: Math.round(ratio * 1000) / 1000,
    adapterRatio: Math.round((adapterRes.rps / bareRes.rps) * 1000) / 1000,
    ticketsCreated: tickets,
    inboundRows: inbound,
    completed2xx: fullRes.total,
    apiCalls,
    profile: prof,
    profileFile: profFile,
  };
  writeFileSync(path.join('bench', 'wecom-callback', 'last-run.json'), JSON.stringify(out, null, 2));
  console.log(JSON.stringify({ ratio: out.ratio, adapterRatio: out.adapterRatio, ticketsCreated: tickets, inboundRows: inbound, apiCalls }, null, 2));
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
