// POST /dingtalk/robot on the full app (fresh SQLite, real dispatcher) + fake DingTalk.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Dispatcher, DispatchResult } from '../../src/bot/channel.js';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { dingtalkRoutes } from '../../src/bot/dingtalk/plugin.js';
import { MINUTE } from '../../src/clock.js';
import type { TestApp } from '../helpers/app.js';
import { expectNothingStored } from '../helpers/assertions.js';
import { deferred } from '../helpers/async.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import type { IncomingMessage, OutgoingMessage } from '../../src/bot/message.js';
import { createLateReplies } from '../../src/bot/dingtalk/reply.js';
import { APP_SECRET, REPAIR_TEXT, robotText, setup, signedHeaders, expectRetryAnsweredEmpty } from './util.js';

const closeLater = closeAfterEach();

/** The app with the robot app and the event subscription against a fake DingTalk. */
const start = async (extraEnv: Record<string, string> = {}) => closeLater(await setup({ BODY_LIMIT_BYTES: '4096', ...extraEnv }, { events: true }));

/** The dispatcher "under load": the real one, but every reply comes back as `later` instead of `reply`. */
function underLoad(real: Dispatcher): Dispatcher {
  return {
    async handle(msg) {
      const r = await real.handle(msg);
      return r.reply ? { duplicate: r.duplicate, later: Promise.resolve(r.reply) } : r;
    },
  };
}

/** The same /dingtalk/robot plugin over the test app's database, with a dispatcher that answers `later`. */
async function lateReplyApp(t: TestApp, dispatcher: Dispatcher = underLoad(t.runtime.dispatcher)): Promise<TestApp> {
  const logger = t.runtime.logger;
  const client = new DingtalkClient({ config: t.config.dingtalk, tokens: t.stores.tokens, clock: t.clock, logger });
  const late = closeLater(Fastify({ bodyLimit: t.config.bodyLimit })); // closed before the app: waits for the late replies still in flight
  await late.register(dingtalkRoutes({ config: t.config, dispatcher, clock: t.clock, logger, client, robot: true, events: false }));
  await late.ready();
  return { ...t, app: late };
}

const post = (t: TestApp, body: unknown, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /dingtalk/robot', () => {
  it('a signed 报修 creates one ticket and is answered in the HTTP response', async () => {
    const { t, clock, fake } = await start();
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl() });
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer.msgtype).toBe('text');
    expect(answer.text.content).toContain('#1');
    expect(await t.prisma.ticket.count()).toBe(1);
    const inbound = await t.prisma.inboundMessage.findFirstOrThrow();
    expect(inbound).toMatchObject({ platform: 'dingtalk', msgId: body.msgId, chatId: 'cidGroupAbc123==', chatType: 'group', senderId: 'zhangwei01', text: REPAIR_TEXT });
    // The sender was registered with their DingTalk userId, so later pushes reach them through batchSend. A stranger
    // never takes the name of someone in the directory (the demo people have a 张伟) and waits for a lead's 核实.
    expect(await t.stores.people.byAccount('dingtalk', 'zhangwei01')).toMatchObject({ name: '张伟（待核实）', verified: false, role: 'staff' });
    expect(fake.requests).toHaveLength(0);
  });

  it('a redelivery of the same msgId gives one ticket and an empty answer', async () => {
    const { t, clock } = await start();
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    const first = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    clock.advance(MINUTE);
    const second = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    await expectRetryAnsweredEmpty(t, first, second);
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const { t, clock } = await start();
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    const wrongSecret = await post(t, body, signedHeaders(clock.now(), 'not-the-secret'));
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json().code).toBe('SIGNATURE_INVALID');
    const h = signedHeaders(clock.now(), APP_SECRET);
    const otherTs = await post(t, body, { ...h, timestamp: String(Number(h.timestamp) + 1) });
    expect(otherTs.statusCode).toBe(401);
    const noHeaders = await post(t, body, { 'content-type': 'application/json' });
    expect(noHeaders.statusCode).toBe(401);
    await expectNothingStored(t);
  });

  it('rejects stale and future timestamps (injected clock) with 401 and stores nothing', async () => {
    const { t, clock } = await start();
    const signedAt = clock.now();
    const body = robotText({ text: REPAIR_TEXT, createAt: signedAt.getTime() });
    const headers = signedHeaders(signedAt, APP_SECRET);
    clock.advance(60 * MINUTE + 1);
    const stale = await post(t, body, headers);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('TIMESTAMP_STALE');
    clock.advance(-2 * (60 * MINUTE + 1));
    expect((await post(t, body, headers)).statusCode).toBe(401);
    await expectNothingStored(t);
    clock.advance(60 * MINUTE + 1); // back to the signing time: now accepted
    expect((await post(t, body, headers)).statusCode).toBe(200);
  });

  it('rejects malformed bodies with 400 and stores nothing', async () => {
    const { t, clock } = await start();
    const h = signedHeaders(clock.now(), APP_SECRET);
    const ok = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    for (const bad of ['{"msgtype":"text",', '[]', 'null', JSON.stringify({ ...ok, msgId: undefined }), JSON.stringify({ ...ok, conversationType: 2 })]) {
      const res = await post(t, bad, h);
      expect(res.statusCode, bad).toBe(400);
    }
    const empty = await t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers: h });
    expect(empty.statusCode).toBeGreaterThanOrEqual(400);
    expect(empty.statusCode).toBeLessThan(500);
    await expectNothingStored(t);
  });

  it('rejects oversized bodies with 413 and stores nothing', async () => {
    const { t, clock } = await start();
    const body = robotText({ text: `${REPAIR_TEXT} ${'水'.repeat(3000)}`, createAt: clock.now().getTime() });
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(413);
    await expectNothingStored(t);
  });

  it('answers unsupported message types with an empty reply and records nothing', async () => {
    const { t, clock } = await start();
    const body = { ...robotText({ createAt: clock.now().getTime() }), msgtype: 'interactiveCard' };
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ msgtype: 'empty' });
    await expectNothingStored(t);
  });

  it('dispatcher answers `later`: HTTP answer is empty at once, the reply goes through the sessionWebhook when ready', async () => {
    const { t: base, clock, fake } = await start();
    const answer = deferred<OutgoingMessage | undefined>();
    const seen: IncomingMessage[] = [];
    const stub: Dispatcher = {
      handle: async (msg): Promise<DispatchResult> => {
        seen.push(msg);
        return { duplicate: false, later: answer.promise };
      },
    };
    const t = await lateReplyApp(base, stub);
    const body = robotText({ text: '帮助', createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('sess-later') });
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ msgtype: 'empty' });
    expect(seen).toHaveLength(1);
    expect(fake.requests).toHaveLength(0); // not resolved yet: nothing sent
    answer.resolve({ text: '可用命令：报修、投诉', mentions: ['zhangwei01'] });
    const sent = await fake.waitFor((r) => r.endpoint === 'session');
    expect(sent.query.get('session')).toBe('sess-later');
    expect(sent.body).toEqual({ msgtype: 'text', text: { content: '可用命令：报修、投诉\n@zhangwei01' }, at: { atUserIds: ['zhangwei01'], atMobiles: [], isAtAll: false } });
  });

  it('dispatcher answers `reply`: it is sent synchronously in the HTTP response, nothing through DingTalk', async () => {
    const { t: base, clock, fake } = await start();
    const t = await lateReplyApp(base, { handle: async () => ({ duplicate: false, reply: { text: '好的', markdown: '**好的**' } }) });
    const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
    expect(res.json()).toEqual({ msgtype: 'markdown', markdown: { title: '好的', text: '**好的**' } });
    await t.app.close();
    expect(fake.requests).toHaveLength(0);
  });

  it('`later` resolving to nothing, or failing, sends nothing (and the failure is logged)', async () => {
    const { t: base, clock, fake } = await start();
    const results = [() => Promise.resolve(undefined), () => Promise.reject(new Error('handler blew up'))];
    const t = await lateReplyApp(base, { handle: async () => ({ duplicate: false, later: results.shift()!() }) });
    for (let i = 0; i < 2; i++) {
      clock.advance(1); // two deliveries, two signatures (a timestamp/sign pair is good for one msgId)
      const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
      expect(res.json()).toEqual({ msgtype: 'empty' });
    }
    await t.app.close(); // waits for the late replies
    expect(fake.requests).toHaveLength(0);
    expect(base.logs.some((l) => String(l.msg).includes('message processing failed') && l.platform === 'dingtalk')).toBe(true);
  });

  it('a late reply that is rate-limited by DingTalk is retried, not dropped', async () => {
    const { t: base, clock, fake } = await start();
    const client = new DingtalkClient({ config: base.config.dingtalk, tokens: base.stores.tokens, clock, logger: base.runtime.logger });
    const replies = createLateReplies({ client, logger: base.runtime.logger, maxWaitMs: 1 });
    const late = closeLater(Fastify({ bodyLimit: base.config.bodyLimit }));
    await late.register(dingtalkRoutes({ config: base.config, dispatcher: underLoad(base.runtime.dispatcher), clock, logger: base.runtime.logger, client, robot: true, events: false, lateReplies: replies }));
    const t = { ...base, app: late };
    // Expired sessionWebhook → groupMessages/send, which answers "QPS limit" first, then accepts.
    fake.fail('group', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps' });
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() - 100 * MINUTE });
    expect((await post(t, body, signedHeaders(clock.now(), APP_SECRET))).json()).toEqual({ msgtype: 'empty' });
    const sent = await fake.waitFor((r) => r.endpoint === 'group' && r.delivered);
    expect(JSON.parse(sent.body.msgParam).content).toContain('#1');
    expect(fake.requests.filter((r) => r.endpoint === 'group').map((r) => r.status)).toEqual([403, 200]);
  });

  it('a dispatcher failure (nothing recorded) is a 5xx, so DingTalk may try again', async () => {
    const { t: base, clock } = await start();
    const t = await lateReplyApp(base, { handle: async () => Promise.reject(new Error('database is locked')) });
    const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(500);
  });

  it('when the reply is not ready in time: answers at once, then replies through the sessionWebhook', async () => {
    const { t: base, clock, fake } = await start();
    const t = await lateReplyApp(base);
    const session = fake.sessionUrl('sess-1');
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: session });
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.json()).toEqual({ msgtype: 'empty' });
    const sent = await fake.waitFor((r) => r.endpoint === 'session');
    expect(sent.delivered).toBe(true);
    expect(sent.query.get('session')).toBe('sess-1');
    expect(sent.body.msgtype).toBe('text');
    expect(sent.body.text.content).toContain('#1');
    expect(await t.prisma.ticket.count()).toBe(1);
  });

  it('a group message whose sessionWebhook has expired is answered through groupMessages/send', async () => {
    const { t: base, clock, fake } = await start();
    const t = await lateReplyApp(base);
    const createAt = clock.now().getTime() - 100 * MINUTE; // DingTalk took long to deliver: webhook already expired
    const body = robotText({ text: REPAIR_TEXT, createAt, sessionWebhook: fake.sessionUrl() });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    const sent = await fake.waitFor((r) => r.endpoint === 'group');
    expect(sent.delivered).toBe(true);
    expect(sent.body.openConversationId).toBe('cidGroupAbc123==');
    expect(JSON.parse(sent.body.msgParam).content).toContain('#1');
    expect(fake.requests.filter((r) => r.endpoint === 'session')).toHaveLength(0);
  });

  it('a one-to-one message with an expired sessionWebhook is answered through batchSend to the sender', async () => {
    const { t: base, clock, fake } = await start();
    const t = await lateReplyApp(base);
    const body = robotText({ group: false, text: '帮助', createAt: clock.now().getTime(), expires: clock.now().getTime() + 2 * MINUTE });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    const sent = await fake.waitFor((r) => r.endpoint === 'oto');
    expect(sent.body.userIds).toEqual(['zhangwei01']);
    expect(sent.delivered).toBe(true);
  });

  it('a sessionWebhook that is not on the DingTalk host is never called; the robot API is used', async () => {
    const { t: base, clock, fake } = await start();
    const t = await lateReplyApp(base);
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: 'http://169.254.169.254/latest/meta-data' });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    const sent = await fake.waitFor((r) => r.endpoint === 'group');
    expect(sent.delivered).toBe(true);
  });

  it('an unknown session (300001) falls back to the robot API', async () => {
    const { t: base, clock, fake } = await start();
    const t = await lateReplyApp(base);
    fake.expireSession('gone');
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('gone') });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    await fake.waitFor((r) => r.endpoint === 'group' && r.delivered);
    expect(fake.requests.find((r) => r.endpoint === 'session')!.body.msgtype).toBe('text');
  });

  it('is not registered in Stream mode', async () => {
    const { t, clock } = await start({ DINGTALK_MODE: 'stream' });
    const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(404);
  });
});
