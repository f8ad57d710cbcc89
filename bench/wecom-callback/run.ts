// Benchmark: POST /wecom/callback through the full app (signature → decrypt → XML → dispatcher → SQLite →
// encrypted passive reply) against a bare Fastify route that only verifies the signature and decrypts.
// One process; the load generator (autocannon) runs in a worker thread.
//   npx tsx bench/wecom-callback/run.ts [--duration 10] [--connections 50] [--text "报修 …"] [--reply-wait 100] [--out last-run.json]
import Fastify from 'fastify';
import { createLateReplies } from '../../src/bot/late-replies.js';
import { WecomClient } from '../../src/bot/wecom/client.js';
import { WecomCrypto } from '../../src/bot/wecom/crypto.js';
import { wecomRoutes } from '../../src/bot/wecom/plugin.js';
import { systemClock } from '../../src/clock.js';
import { listen, settle, startAdapter, startRuntime } from '../lib/app.js';
import { runMain } from '../lib/args.js';
import { compareTargets, finishCallbackBench, replyWaitEnv, startCallbackBench } from '../lib/callback-bench.js';

const CORP_ID = 'wwbenchcorp';
const TOKEN = 'benchToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const AGENT_ID = '1000002';
const SENDERS = 50;
const ROUTE = '/wecom/callback';

async function main() {
  const { flags, dir, db } = await startCallbackBench('dutydesk-wecom-bench-');

  // Bare route: raw body, signature check over <Encrypt>, decrypt + receiveid. Also stands in for the WeCom API
  // (gettoken, message/send, webhook) so late replies and notifications have somewhere to go.
  const crypto = new WecomCrypto(TOKEN, AES_KEY, CORP_ID);
  const bare = Fastify({ logger: false });
  let apiCalls = 0;
  bare.removeAllContentTypeParsers();
  bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  bare.post<{ Querystring: Record<string, string> }>(ROUTE, async (req, reply) => {
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
  const bareUrl = await listen(bare);

  const { config, prisma, runtime } = await startRuntime({
    DATABASE_URL: db.url,
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
    ...replyWaitEnv(flags),
  });
  const fullUrl = await listen(runtime.app);

  // Adapter only: our real /wecom/callback plugin (parser, signature, decrypt, XML, decode, encrypted reply) with a
  // dispatcher that answers at once, no database. Separates the transport's cost from the dispatcher's.
  const adapter = await startAdapter(config, (deps) =>
    wecomRoutes({
      ...deps,
      client: new WecomClient({ config: config.wecom, tokens: runtime.stores.tokens, clock: deps.clock, logger: deps.logger }),
      late: createLateReplies({ logger: deps.logger, platform: 'wecom' }),
      app: true,
      aibot: false,
    }),
  );

  let ticketsBefore = 0;
  const results = await compareTargets({
    flags,
    targets: { bare: bareUrl, adapter: adapter.url, full: fullUrl },
    requests: { path: ROUTE, requests: new URL('./requests.mjs', import.meta.url), params: { token: TOKEN, aesKey: AES_KEY, corpId: CORP_ID, agentId: AGENT_ID, text: flags.text, senders: SENDERS } },
    async afterWarmUp() {
      await settle(() => runtime.stores.inbound.count());
      ticketsBefore = await prisma.ticket.count();
    },
    eventLoopDelay: true,
  });

  await settle(() => runtime.stores.inbound.count());
  await runtime.dispatcher.idle();
  const tickets = (await prisma.ticket.count()) - ticketsBefore;
  const inbound = await runtime.stores.inbound.count();

  await runtime.app.close();
  await adapter.app.close();
  await finishCallbackBench({ flags, dir, db }, bare, {
    benchDir: new URL('.', import.meta.url),
    config,
    results,
    details: { ticketsCreated: tickets, inboundRows: inbound, completed2xx: results.full.total, apiCalls },
    printed: { ticketsCreated: tickets, inboundRows: inbound, apiCalls },
  });
}

await runMain(main);
