// Benchmark: POST /dingtalk/robot through the full app (signature → decode → dispatcher → SQLite → sync reply)
// against a bare Fastify route that only checks the signature. One process; the load generator runs in a worker.
//   npx tsx bench/dingtalk-robot/run.ts [--duration 10] [--connections 50] [--text "报修 …"] [--reply-wait 1500] [--out last-run.json]
import Fastify from 'fastify';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { dingtalkRoutes } from '../../src/bot/dingtalk/plugin.js';
import { verifySign } from '../../src/bot/dingtalk/verify.js';
import { systemClock } from '../../src/clock.js';
import { listen, settle, startAdapter, startRuntime } from '../lib/app.js';
import { runMain } from '../lib/args.js';
import { compareTargets, finishCallbackBench, replyWaitEnv, startCallbackBench } from '../lib/callback-bench.js';

const SECRET = 'bench-app-secret';
const SENDERS = 50;
const ROUTE = '/dingtalk/robot';

async function main() {
  const { flags, dir, db } = await startCallbackBench('dutydesk-bench-');

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

  const { config, prisma, runtime } = await startRuntime({
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
  });
  const fullUrl = await listen(runtime.app);

  // Adapter only: our real plugin (raw parser, signature, JSON, decode, encode of the reply) with a dispatcher
  // that answers at once, no database. Separates the transport's cost from the dispatcher's.
  const adapter = await startAdapter(config, (deps) =>
    dingtalkRoutes({
      ...deps,
      client: new DingtalkClient({ config: config.dingtalk, tokens: runtime.stores.tokens, clock: deps.clock, logger: deps.logger }),
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
      await runtime.dispatcher.idle();
      await settle(() => runtime.stores.inbound.count());
      await settle(async () => lateReplies + apiReplies); // warm-up's late replies still in flight
      ticketsBefore = await prisma.ticket.count();
      lateBefore = lateReplies;
      apiBefore = apiReplies;
    },
  });
  const { full } = results;

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
  await adapter.app.close();

  const syncReplies = tickets - late - viaApi;
  /** Messages fully processed per second: tickets / (load duration + time to drain the backlog). */
  const processedPerSecond = Math.round((tickets / (full.duration + drainMs / 1000)) * 10) / 10;
  await finishCallbackBench({ flags, dir, db }, bare, {
    benchDir: new URL('.', import.meta.url),
    config,
    results,
    details: {
      ticketsCreated: tickets,
      completed2xx: full.total,
      /** Answered in the HTTP response (= tickets − replies that went out later). */
      syncReplies,
      lateReplies: late,
      lateRepliesViaRobotApi: viaApi,
      drainMsAfterLoad: drainMs,
      unprocessedAfterDrain: unprocessed,
      processedPerSecond,
    },
    printed: { ticketsCreated: tickets, syncReplies, lateReplies: late, viaApi, drainMs, unprocessed, processedPerSecond },
  });
}

await runMain(main);
