// Benchmark: POST /dingtalk/robot through the full app (signature → decode → dispatcher → SQLite → sync reply)
// against a bare Fastify route that only checks the signature. The bare and adapter servers and the load generator
// (a worker thread) run in this process; the full app runs in a child process of its own (bench/lib/app-process.ts)
// so that its memory is measured alone: peak RSS sampled every 100 ms from /proc, heap peaks sampled by the app.
//   npx tsx bench/dingtalk-robot/run.ts [--duration 10] [--connections 50] [--text "报修 …"] [--reply-wait 100] [--out last-run.json]
//     [--app tsx|dist]        the app from the sources through tsx (default, `npm start`) or from dist/ (`npm run start:prod`; `npm run build` first)
//     [--node-flags "…"]      extra node options for the app process, e.g. "--max-semi-space-size=4"
//     [--drain-max 0]         seconds to follow the backlog after the load (0: until drained); then the app is killed
//     [--rate 0]              requests per second of the measured runs (0: as fast as answered): the same messages for
//                             every variant when comparing memory (the ratio then says nothing)
import Fastify from 'fastify';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { dingtalkRoutes } from '../../src/bot/dingtalk/plugin.js';
import { verifySign } from '../../src/bot/dingtalk/verify.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { TokenStore } from '../../src/store/index.js';
import { listen, startAdapter } from '../lib/app.js';
import { startAppProcess, type AppBuild } from '../lib/app-process.js';
import { runMain } from '../lib/args.js';
import { compareTargets, finishCallbackBench, replyWaitEnv, startCallbackBench } from '../lib/callback-bench.js';

const SECRET = 'bench-app-secret';
const SENDERS = 50;
const ROUTE = '/dingtalk/robot';

/** Access tokens of the adapter-only server (its instant dispatcher never sends anything). */
function memoryTokens(): TokenStore {
  const m = new Map<string, { value: string; expiresAt: Date }>();
  return {
    get: async (k) => m.get(k) ?? null,
    put: async (k, value, expiresAt) => void m.set(k, { value, expiresAt }),
    drop: async (k) => void m.delete(k),
  };
}

/** Waits until `count` stops moving (checked every 250 ms, ≤ 25 s). */
async function settleCount(count: () => number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100 && count() !== last; i++) {
    last = count();
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const { flags, dir, db } = await startCallbackBench('dutydesk-bench-', { app: 'tsx', 'node-flags': '', 'drain-max': 0, rate: 0 });
  if (flags.app !== 'tsx' && flags.app !== 'dist') throw new Error('--app takes tsx or dist');

  // Bare route: the same raw-body parser and signature check, nothing else. Also serves as the sessionWebhook sink.
  const bare = Fastify({ logger: false });
  let lateReplies = 0;
  bare.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  bare.post(ROUTE, async (req, reply) => {
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
  const bareUrl = await listen(bare);

  const env = {
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    ...replyWaitEnv(flags),
    CONSOLE_ENABLED: 'false',
    DINGTALK_APP_KEY: 'dingbench',
    DINGTALK_APP_SECRET: SECRET,
    DINGTALK_ROBOT_CODE: 'dingbench',
    DINGTALK_API_BASE: bareUrl,
    DINGTALK_OAPI_BASE: bareUrl,
    // Duty-group notifications need a channel (else every ticket logs a warning); nothing delivers them here.
    DINGTALK_GROUP_WEBHOOK: `${bareUrl}/robot/send?access_token=bench`,
  };
  const config = loadConfig(env);
  const nodeFlags = flags['node-flags'].split(/\s+/).filter(Boolean);
  const app = await startAppProcess({ env, build: flags.app as AppBuild, nodeFlags });
  const fullUrl = app.url;
  await new Promise((r) => setTimeout(r, 1000));
  const atStart = { rssMb: app.rss.nowMb, ...(await app.memory()) };
  console.log(`app process ${app.pid} (${flags.app}${nodeFlags.length ? ` ${nodeFlags.join(' ')}` : ''}): RSS ${atStart.rssMb} MB after start, heapUsed ${atStart.nowMb.heapUsed} MB`);

  // Adapter only: our real plugin (raw parser, signature, JSON, decode, encode of the reply) with a dispatcher
  // that answers at once, no database. Separates the transport's cost from the dispatcher's.
  const adapter = await startAdapter(config, (deps) =>
    dingtalkRoutes({
      ...deps,
      client: new DingtalkClient({ config: config.dingtalk, tokens: memoryTokens(), clock: deps.clock, logger: deps.logger }),
      robot: true,
      events: false,
    }),
  );

  const sessionWebhook = `${bareUrl}/robot/sendBySession?session=bench`;
  let ticketsBefore = 0;
  let lateBefore = 0;
  let apiBefore = 0;
  const results = await compareTargets({
    flags,
    targets: { bare: bareUrl, adapter: adapter.url, full: fullUrl },
    requests: { path: ROUTE, requests: new URL('./requests.mjs', import.meta.url), params: { secret: SECRET, text: flags.text, sessionWebhook, senders: SENDERS } },
    async afterWarmUp() {
      await app.idle();
      await settleCount(() => lateReplies + apiReplies); // warm-up's late replies still in flight
      ticketsBefore = (await app.counts()).tickets;
      lateBefore = lateReplies;
      apiBefore = apiReplies;
    },
    profileFull: () => app.startProfile(),
    overallRate: flags.rate,
    async beforeFull() {
      app.rss.reset();
      await app.memory({ reset: true });
    },
  });
  const { full } = results;
  const atLoadEnd = { rssMb: app.rss.nowMb, ...(await app.memory({ gc: nodeFlags.includes('--expose-gc') })) };

  // Answers may have gone out as "later": follow the background processing until it has caught up (or --drain-max).
  const drainStart = Date.now();
  const drainMax = flags['drain-max'];
  const drained = await Promise.race([
    app.idle().then(() => true),
    ...(drainMax > 0 ? [new Promise<boolean>((r) => setTimeout(() => r(false), drainMax * 1000))] : []),
  ]);
  const drainMs = Date.now() - drainStart;
  const memory = await app.memory();
  const rssPeakMb = app.rss.peakMb;
  const rssHwmMb = app.rss.hwmMb();
  const { tickets: ticketsNow, unprocessed } = await app.counts();
  const tickets = ticketsNow - ticketsBefore;

  if (drained) {
    await settleCount(() => lateReplies + apiReplies);
    await app.close(); // sends the late replies still in flight
  } else {
    app.kill(); // the backlog stays recorded and unprocessed; the database is thrown away
  }
  const late = lateReplies - lateBefore;
  const viaApi = apiReplies - apiBefore;
  await adapter.app.close();

  const syncReplies = drained ? tickets - late - viaApi : -1;
  /** Messages fully processed per second: tickets / (load duration + time to drain the backlog). */
  const processedPerSecond = Math.round((tickets / (full.duration + drainMs / 1000)) * 10) / 10;
  /** The app process's memory (MB): RSS sampled every 100 ms from /proc during the full run and the drain. */
  const appMemory = {
    process: `app child process (${flags.app}${nodeFlags.length ? ` ${nodeFlags.join(' ')}` : ''})`,
    rssAtStartMb: atStart.rssMb,
    rssAtLoadEndMb: atLoadEnd.rssMb,
    rssPeakMb,
    rssHighWaterMarkMb: rssHwmMb,
    heapUsedPeakMb: memory.peakMb.heapUsed,
    heapTotalPeakMb: memory.peakMb.heapTotal,
    externalPeakMb: memory.peakMb.external,
    arrayBuffersPeakMb: memory.peakMb.arrayBuffers,
    heapUsedAtStartMb: atStart.nowMb.heapUsed,
    heapUsedAtLoadEndMb: atLoadEnd.nowMb.heapUsed,
    /** With --node-flags --expose-gc: what the backlog keeps alive at the end of the load (a full GC is forced there). */
    liveHeapAtLoadEndMb: atLoadEnd.liveHeapAfterGcMb ?? null,
    heapAtLoadEnd: atLoadEnd.heap,
    heapSpacesAtLoadEnd: atLoadEnd.spaces,
  };
  await finishCallbackBench({ flags, dir, db }, bare, {
    benchDir: new URL('.', import.meta.url),
    config,
    results,
    details: {
      overallRate: flags.rate,
      ticketsCreated: tickets,
      completed2xx: full.total,
      /** Answered in the HTTP response (= tickets − replies that went out later); -1 when the drain was cut short. */
      syncReplies,
      lateReplies: late,
      lateRepliesViaRobotApi: viaApi,
      drainMsAfterLoad: drainMs,
      drained,
      unprocessedAfterDrain: unprocessed,
      processedPerSecond,
      appMemory,
    },
    printed: {
      rate: flags.rate,
      ticketsCreated: tickets, syncReplies, lateReplies: late, viaApi, drainMs, drained, unprocessed, processedPerSecond,
      appRssMb: { atStart: atStart.rssMb, atLoadEnd: atLoadEnd.rssMb, peak: rssPeakMb, highWaterMark: rssHwmMb },
      appHeapUsedMb: { atStart: atStart.nowMb.heapUsed, atLoadEnd: atLoadEnd.nowMb.heapUsed, peak: memory.peakMb.heapUsed },
    },
  });
}

await runMain(main);
