// POST /dingtalk/robot and POST /dingtalk/events on the full app (fresh SQLite, real dispatcher) + fake DingTalk.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatcher, DispatchResult } from '../../src/bot/channel.js';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { dingtalkRoutes } from '../../src/bot/dingtalk/plugin.js';
import { encryptEvent, eventSignature, decryptEvent, verifyEventSignature } from '../../src/bot/dingtalk/crypto.js';
import { fixedClock, MINUTE, type ManualClock } from '../../src/clock.js';
import { buildTestApp, REFERENCE_TIME, type TestApp } from '../helpers/app.js';
import { startFakeDingtalk, type FakeDingtalk } from '../fakes/dingtalk-server.js';
import type { IncomingMessage, OutgoingMessage } from '../../src/bot/message.js';
import { createLateReplies } from '../../src/bot/dingtalk/reply.js';
import { APP_KEY, APP_SECRET, REPAIR_TEXT, ROBOT_CODE, robotText, signedHeaders } from './util.js';

let t: TestApp | undefined;
let fake: FakeDingtalk | undefined;
let late: FastifyInstance | undefined;
afterEach(async () => {
  await late?.close(); // waits for the late replies still in flight
  late = undefined;
  await t?.close();
  await fake?.close();
  t = fake = undefined;
});

const EVENT_TOKEN = 'evtToken123';
const EVENT_AES = 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7';

async function setup(extraEnv: Record<string, string> = {}) {
  const clock: ManualClock = fixedClock(REFERENCE_TIME);
  fake = await startFakeDingtalk({ appKey: APP_KEY, appSecret: APP_SECRET, robotCode: ROBOT_CODE, now: () => clock.now() });
  t = await buildTestApp({
    clock,
    env: {
      DINGTALK_APP_KEY: APP_KEY,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_ROBOT_CODE: ROBOT_CODE,
      DINGTALK_API_BASE: fake.url,
      DINGTALK_OAPI_BASE: fake.url,
      DINGTALK_EVENT_TOKEN: EVENT_TOKEN,
      DINGTALK_EVENT_AES_KEY: EVENT_AES,
      BODY_LIMIT_BYTES: '4096',
      ...extraEnv,
    },
  });
  return { t, fake, clock };
}

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
  late = Fastify({ bodyLimit: t.config.bodyLimit });
  await late.register(dingtalkRoutes({ config: t.config, dispatcher, clock: t.clock, logger, client, robot: true, events: false }));
  await late.ready();
  return { ...t, app: late };
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const post = (t: TestApp, body: unknown, headers: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });

const tApp = () => t!;

async function nothingStored(t: TestApp) {
  expect(await t.stores.inbound.count()).toBe(0);
  expect(await t.prisma.ticket.count()).toBe(0);
}

describe('POST /dingtalk/robot', () => {
  it('a signed 报修 creates one ticket and is answered in the HTTP response', async () => {
    const { t, clock, fake } = await setup();
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl() });
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer.msgtype).toBe('text');
    expect(answer.text.content).toContain('#1');
    expect(await t.prisma.ticket.count()).toBe(1);
    const inbound = await t.prisma.inboundMessage.findFirstOrThrow();
    expect(inbound).toMatchObject({ platform: 'dingtalk', msgId: body.msgId, chatId: 'cidGroupAbc123==', chatType: 'group', senderId: 'zhangwei01', text: REPAIR_TEXT });
    // The sender was registered with their DingTalk userId, so later pushes reach them through batchSend.
    expect((await t.stores.people.byAccount('dingtalk', 'zhangwei01'))?.name).toBe('张伟');
    expect(fake.requests).toHaveLength(0);
  });

  it('a redelivery of the same msgId gives one ticket and an empty answer', async () => {
    const { t, clock } = await setup();
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    const first = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    clock.advance(MINUTE);
    const second = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(first.json().text.content).toContain('#1');
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ msgtype: 'empty' });
    expect(await t.prisma.ticket.count()).toBe(1);
    expect(await t.stores.inbound.count()).toBe(1);
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const { t, clock } = await setup();
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    const wrongSecret = await post(t, body, signedHeaders(clock.now(), 'not-the-secret'));
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json().code).toBe('SIGNATURE_INVALID');
    const h = signedHeaders(clock.now(), APP_SECRET);
    const otherTs = await post(t, body, { ...h, timestamp: String(Number(h.timestamp) + 1) });
    expect(otherTs.statusCode).toBe(401);
    const noHeaders = await post(t, body, { 'content-type': 'application/json' });
    expect(noHeaders.statusCode).toBe(401);
    await nothingStored(t);
  });

  it('rejects stale and future timestamps (injected clock) with 401 and stores nothing', async () => {
    const { t, clock } = await setup();
    const signedAt = clock.now();
    const body = robotText({ text: REPAIR_TEXT, createAt: signedAt.getTime() });
    const headers = signedHeaders(signedAt, APP_SECRET);
    clock.advance(60 * MINUTE + 1);
    const stale = await post(t, body, headers);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('TIMESTAMP_STALE');
    clock.advance(-2 * (60 * MINUTE + 1));
    expect((await post(t, body, headers)).statusCode).toBe(401);
    await nothingStored(t);
    clock.advance(60 * MINUTE + 1); // back to the signing time: now accepted
    expect((await post(t, body, headers)).statusCode).toBe(200);
  });

  it('rejects malformed bodies with 400 and stores nothing', async () => {
    const { t, clock } = await setup();
    const h = signedHeaders(clock.now(), APP_SECRET);
    const ok = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime() });
    for (const bad of ['{"msgtype":"text",', '[]', 'null', JSON.stringify({ ...ok, msgId: undefined }), JSON.stringify({ ...ok, conversationType: 2 })]) {
      const res = await post(t, bad, h);
      expect(res.statusCode, bad).toBe(400);
    }
    const empty = await t.app.inject({ method: 'POST', url: '/dingtalk/robot', headers: h });
    expect(empty.statusCode).toBeGreaterThanOrEqual(400);
    expect(empty.statusCode).toBeLessThan(500);
    await nothingStored(t);
  });

  it('rejects oversized bodies with 413 and stores nothing', async () => {
    const { t, clock } = await setup();
    const body = robotText({ text: `${REPAIR_TEXT} ${'水'.repeat(3000)}`, createAt: clock.now().getTime() });
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(413);
    await nothingStored(t);
  });

  it('answers unsupported message types with an empty reply and records nothing', async () => {
    const { t, clock } = await setup();
    const body = { ...robotText({ createAt: clock.now().getTime() }), msgtype: 'interactiveCard' };
    const res = await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ msgtype: 'empty' });
    await nothingStored(t);
  });

  it('dispatcher answers `later`: HTTP answer is empty at once, the reply goes through the sessionWebhook when ready', async () => {
    const { t: base, clock, fake } = await setup();
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
    const { t: base, clock, fake } = await setup();
    const t = await lateReplyApp(base, { handle: async () => ({ duplicate: false, reply: { text: '好的', markdown: '**好的**' } }) });
    const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
    expect(res.json()).toEqual({ msgtype: 'markdown', markdown: { title: '好的', text: '**好的**' } });
    await late!.close();
    late = undefined;
    expect(fake.requests).toHaveLength(0);
  });

  it('`later` resolving to nothing, or failing, sends nothing (and the failure is logged)', async () => {
    const { t: base, clock, fake } = await setup();
    const results = [() => Promise.resolve(undefined), () => Promise.reject(new Error('handler blew up'))];
    const t = await lateReplyApp(base, { handle: async () => ({ duplicate: false, later: results.shift()!() }) });
    for (let i = 0; i < 2; i++) {
      const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
      expect(res.json()).toEqual({ msgtype: 'empty' });
    }
    await late!.close(); // waits for the late replies
    late = undefined;
    expect(fake.requests).toHaveLength(0);
    expect(base.logs.some((l) => String(l.msg).includes('message processing failed') && l.platform === 'dingtalk')).toBe(true);
  });

  it('a late reply that is rate-limited by DingTalk is retried, not dropped', async () => {
    const { t: base, clock, fake } = await setup();
    const client = new DingtalkClient({ config: base.config.dingtalk, tokens: base.stores.tokens, clock, logger: base.runtime.logger });
    const replies = createLateReplies({ client, logger: base.runtime.logger, maxWaitMs: 1 });
    late = Fastify({ bodyLimit: base.config.bodyLimit });
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
    const { t: base, clock } = await setup();
    const t = await lateReplyApp(base, { handle: async () => Promise.reject(new Error('database is locked')) });
    const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(500);
  });

  it('when the reply is not ready in time: answers at once, then replies through the sessionWebhook', async () => {
    const { clock, fake } = await setup();
    const t = await lateReplyApp(tApp());
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
    const { clock, fake } = await setup();
    const t = await lateReplyApp(tApp());
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
    const { clock, fake } = await setup();
    const t = await lateReplyApp(tApp());
    const body = robotText({ group: false, text: '帮助', createAt: clock.now().getTime(), expires: clock.now().getTime() + 2 * MINUTE });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    const sent = await fake.waitFor((r) => r.endpoint === 'oto');
    expect(sent.body.userIds).toEqual(['zhangwei01']);
    expect(sent.delivered).toBe(true);
  });

  it('a sessionWebhook that is not on the DingTalk host is never called; the robot API is used', async () => {
    const { clock, fake } = await setup();
    const t = await lateReplyApp(tApp());
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: 'http://169.254.169.254/latest/meta-data' });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    const sent = await fake.waitFor((r) => r.endpoint === 'group');
    expect(sent.delivered).toBe(true);
  });

  it('an unknown session (300001) falls back to the robot API', async () => {
    const { clock, fake } = await setup();
    const t = await lateReplyApp(tApp());
    fake.expireSession('gone');
    const body = robotText({ text: REPAIR_TEXT, createAt: clock.now().getTime(), sessionWebhook: fake.sessionUrl('gone') });
    await post(t, body, signedHeaders(clock.now(), APP_SECRET));
    await fake.waitFor((r) => r.endpoint === 'group' && r.delivered);
    expect(fake.requests.find((r) => r.endpoint === 'session')!.body.msgtype).toBe('text');
  });

  it('is not registered in Stream mode', async () => {
    const { t, clock } = await setup({ DINGTALK_MODE: 'stream' });
    const res = await post(t, robotText({ createAt: clock.now().getTime() }), signedHeaders(clock.now(), APP_SECRET));
    expect(res.statusCode).toBe(404);
  });
});

describe('POST /dingtalk/events', () => {
  const keys = { token: EVENT_TOKEN, aesKey: EVENT_AES, ownerKey: APP_KEY };

  function request(event: unknown, opts: { ownerKey?: string; signature?: string } = {}) {
    const encrypt = encryptEvent(JSON.stringify(event), { ...keys, ownerKey: opts.ownerKey ?? keys.ownerKey });
    const timestamp = '1763859600000';
    const nonce = 'abc123XY';
    const signature = opts.signature ?? eventSignature(keys.token, timestamp, nonce, encrypt);
    return { url: `/dingtalk/events?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, payload: { encrypt } };
  }

  it('check_url: answers with the encrypted "success"', async () => {
    const { t, clock } = await setup();
    const res = await t.app.inject({ method: 'POST', ...request({ EventType: 'check_url' }) });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.timeStamp).toBe(String(clock.now().getTime()));
    expect(verifyEventSignature(keys, { signature: a.msg_signature, timestamp: a.timeStamp, nonce: a.nonce, encrypt: a.encrypt })).toBe(true);
    expect(decryptEvent(a.encrypt, keys)).toBe('success');
    await nothingStored(t);
  });

  it('accepts the official V2 request (signature/timeStamp spelling, owner key from DINGTALK_EVENT_OWNER_KEY)', async () => {
    const { t } = await setup({ DINGTALK_EVENT_TOKEN: 'mryue', DINGTALK_EVENT_OWNER_KEY: 'ding6ccabc44d2c8d38b' });
    const encrypt = '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3';
    const res = await t.app.inject({
      method: 'POST',
      url: '/dingtalk/events?signature=03044561471240d4a14bb09372dfcfd4fd0e40cb&timeStamp=1608001896814&nonce=WL4PK6yA',
      payload: { encrypt },
    });
    expect(res.statusCode).toBe(200);
    expect(decryptEvent(res.json().encrypt, { aesKey: EVENT_AES, ownerKey: 'ding6ccabc44d2c8d38b' })).toBe('success');
  });

  it('other events are acknowledged the same way', async () => {
    const { t } = await setup();
    const res = await t.app.inject({ method: 'POST', ...request({ EventType: 'user_add_org', UserId: ['u1'] }) });
    expect(decryptEvent(res.json().encrypt, keys)).toBe('success');
  });

  it('rejects a bad signature (401), another owner key (401) and malformed bodies (400)', async () => {
    const { t } = await setup();
    expect((await t.app.inject({ method: 'POST', ...request({ EventType: 'check_url' }, { signature: 'f'.repeat(40) }) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', ...request({ EventType: 'check_url' }, { ownerKey: 'dingother' }) })).statusCode).toBe(401);
    const { url } = request({ EventType: 'check_url' });
    expect((await t.app.inject({ method: 'POST', url, payload: { nothing: 1 } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"encrypt":' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/dingtalk/events', payload: { encrypt: 'x' } })).statusCode).toBe(401);
    // Correctly signed but not decryptable.
    const encrypt = 'AAAA';
    const sig = eventSignature(EVENT_TOKEN, '1', 'n', encrypt);
    expect((await t.app.inject({ method: 'POST', url: `/dingtalk/events?msg_signature=${sig}&timestamp=1&nonce=n`, payload: { encrypt } })).statusCode).toBe(400);
    await nothingStored(t);
  });
});
