// Outbound: access token, robot API, custom group robot and sessionWebhook against a fake DingTalk on 127.0.0.1.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DeliveryError } from '../../src/bot/channel.js';
import { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { MINUTE } from '../../src/clock.js';
import { buildTestApp, REFERENCE_TIME } from '../helpers/app.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { deliveryFailure } from '../helpers/assertions.js';
import { startFakeDingtalk, type Endpoint, type Failure } from '../fakes/dingtalk-server.js';
import { APP_KEY, APP_SECRET, ROBOT_CODE, setup } from './util.js';

const closeLater = closeAfterEach();

/** The app with the robot app and the custom group robot against a fake DingTalk, and its two senders. */
async function start(extraEnv: Record<string, string> = {}) {
  const s = closeLater(await setup(extraEnv, { groupRobot: true }));
  return { ...s, robot: s.t.runtime.senders['dingtalk-robot']!, group: s.t.runtime.senders['dingtalk-group']! };
}
type Started = Awaited<ReturnType<typeof start>>;

/**
 * The custom robot's next send is refused locally for `retryAfterMs` (DingTalk has still seen only `tried`
 * requests), and goes out once that time has passed (then `deliveredAfter` have got through).
 */
async function expectHeldBackLocally(s: Started, text: string, expected: { retryAfterMs: number; tried: number; deliveredAfter: number }) {
  const err = await deliveryFailure(s.group.send('default', { text }));
  expect(err).toMatchObject({ kind: 'rate', retryAfterMs: expected.retryAfterMs, platformCode: 'localRateLimit' });
  expect(s.fake.requests.filter((r) => r.endpoint === 'custom')).toHaveLength(expected.tried);
  s.clock.advance(expected.retryAfterMs);
  await s.group.send('default', { text });
  expect(s.fake.delivered('custom')).toHaveLength(expected.deliveredAfter);
}

describe('access token', () => {
  it('is fetched once, cached in the token store, and refreshed before it expires', async () => {
    const { t, fake, clock, robot } = await start();
    await robot.send('zhangwei01', { text: '报修#1 已派给您' });
    await robot.send('lina02', { text: '第二条' });
    expect(fake.tokensIssued).toBe(1);
    const token = fake.requests.find((r) => r.endpoint === 'token')!;
    expect(token.body).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET });
    const stored = await t.stores.tokens.get(`dingtalk:${APP_KEY}`);
    expect(stored!.expiresAt).toEqual(new Date(clock.now().getTime() + 7200_000));
    expect(fake.delivered('oto').map((r) => r.headers['x-acs-dingtalk-access-token'])).toEqual([stored!.value, stored!.value]);

    clock.advance(7200_000 - 6 * MINUTE); // still 6 min left: reused
    await robot.send('zhangwei01', { text: '3' });
    expect(fake.tokensIssued).toBe(1);
    clock.advance(2 * MINUTE); // 4 min left: refreshed ahead of expiry
    await robot.send('zhangwei01', { text: '4' });
    expect(fake.tokensIssued).toBe(2);
    expect((await t.stores.tokens.get(`dingtalk:${APP_KEY}`))!.value).not.toBe(stored!.value);
  });

  it('an invalid token is refreshed once and the send retried', async () => {
    const { fake, robot } = await start();
    await robot.send('zhangwei01', { text: 'one' });
    fake.revokeTokens();
    await robot.send('zhangwei01', { text: 'two' });
    expect(fake.tokensIssued).toBe(2);
    expect(fake.requests.filter((r) => r.endpoint === 'oto').map((r) => r.status)).toEqual([200, 400, 200]);
    expect(fake.delivered('oto')).toHaveLength(2);
  });

  it('a token rejected again after the refresh becomes a retry, not a loop', async () => {
    const { fake, robot } = await start();
    fake.fail('oto', { status: 400, code: 'InvalidAuthentication', message: '不合法的access_token' }, { status: 400, code: 'InvalidAuthentication', message: '不合法的access_token' });
    const err = await deliveryFailure(robot.send('zhangwei01', { text: 'x' }));
    expect(err.kind).toBe('retry');
    expect(fake.requests.filter((r) => r.endpoint === 'oto')).toHaveLength(2);
    expect(fake.tokensIssued).toBe(2);
  });

  it('wrong app credentials are a configuration error', async () => {
    const { fake, robot } = await start({ DINGTALK_APP_SECRET: 'wrong' });
    const err = await deliveryFailure(robot.send('zhangwei01', { text: 'x' }));
    expect(err).toMatchObject({ kind: 'config', platformCode: 'invalidClientIdOrSecret' });
    expect(fake.requests.filter((r) => r.endpoint === 'oto')).toHaveLength(0);
  });
});

describe('senders', () => {
  it("'dingtalk-robot' sends sampleText / sampleMarkdown through batchSend", async () => {
    const { fake, robot } = await start();
    await robot.send('zhangwei01', { text: '报修#1 已派给您' });
    await robot.send('zhangwei01', { text: 'plain', markdown: '### 超时\n报修#1 已超时', title: '超时提醒' });
    const [a, b] = fake.delivered('oto');
    expect(a!.body).toEqual({ robotCode: ROBOT_CODE, userIds: ['zhangwei01'], msgKey: 'sampleText', msgParam: '{"content":"报修#1 已派给您"}' });
    expect(b!.body.msgKey).toBe('sampleMarkdown');
    expect(JSON.parse(b!.body.msgParam)).toEqual({ title: '超时提醒', text: '### 超时\n报修#1 已超时' });
  });

  it("'dingtalk-group' sends to an openConversationId through groupMessages/send", async () => {
    const { fake, group } = await start();
    await group.send('cidGroupAbc123==', { text: '交班提醒' });
    expect(fake.delivered('group')[0]!.body).toEqual({ robotCode: ROBOT_CODE, openConversationId: 'cidGroupAbc123==', msgKey: 'sampleText', msgParam: '{"content":"交班提醒"}' });
  });

  it("'dingtalk-group' 'default' goes to the custom robot webhook, signed per request", async () => {
    const { fake, clock, group } = await start();
    await group.send('default', { text: '请 @zhaoqiang 派单', mentions: ['zhaoqiang'] });
    clock.advance(2 * 3_600_000); // a timestamp computed once at start-up would now be rejected
    await group.send('default', { text: '第二条', markdown: '**第二条**' });
    const [a, b] = fake.delivered('custom');
    expect(a!.body).toEqual({ msgtype: 'text', text: { content: '请 @zhaoqiang 派单' }, at: { atUserIds: ['zhaoqiang'], atMobiles: [], isAtAll: false } });
    expect(a!.query.get('timestamp')).toBe(String(new Date(REFERENCE_TIME).getTime()));
    expect(b!.body).toEqual({ msgtype: 'markdown', markdown: { title: '第二条', text: '**第二条**' } });
    expect(b!.query.get('timestamp')).toBe(String(clock.now().getTime()));
  });

  it('a wrong 加签 secret is reported by DingTalk as 310000 and kept for retry', async () => {
    const { fake, group } = await start({ DINGTALK_GROUP_SECRET: 'SECwrong' });
    const err = await deliveryFailure(group.send('default', { text: 'x' }));
    expect(err).toMatchObject({ kind: 'retry', platformCode: 310000, retryAfterMs: 60_000 });
    expect(err.message).toContain('sign not match');
    expect(fake.delivered('custom')).toHaveLength(0);
  });

  const cases: Array<[string, Endpoint, Failure, 'robot' | 'default' | 'group', Partial<DeliveryError>]> = [
    ['custom robot 410100 (current rate-limit code)', 'custom', { errcode: 410100, errmsg: '发送速度太快而限流' }, 'default', { kind: 'rate', retryAfterMs: 600_000, platformCode: 410100 }],
    ['custom robot 130101 (legacy rate-limit code)', 'custom', { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, 'default', { kind: 'rate', retryAfterMs: 600_000, platformCode: 130101 }],
    ['custom robot 310000 invalid timestamp', 'custom', { errcode: 310000, errmsg: 'invalid timestamp' }, 'default', { kind: 'retry', retryAfterMs: 60_000, platformCode: 310000 }],
    ['custom robot -1 system busy', 'custom', { errcode: -1, errmsg: '系统繁忙' }, 'default', { kind: 'retry', retryAfterMs: 5_000, platformCode: -1 }],
    ['custom robot 400102 robot disabled', 'custom', { errcode: 400102, errmsg: '机器人已停用' }, 'default', { kind: 'config', platformCode: 400102 }],
    ['custom robot HTTP 502', 'custom', { status: 502 }, 'default', { kind: 'retry', retryAfterMs: 5_000, platformCode: 502 }],
    ['custom robot HTTP 503 with Retry-After', 'custom', { status: 503, headers: { 'retry-after': '7' } }, 'default', { kind: 'retry', retryAfterMs: 7_000 }],
    ['robot API QPS limit (403)', 'oto', { status: 403, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps' }, 'robot', { kind: 'rate', retryAfterMs: 2_000, platformCode: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }],
    ['robot API send.too.fast', 'oto', { status: 400, code: 'send.too.fast' }, 'robot', { kind: 'rate', retryAfterMs: 60_000, platformCode: 'send.too.fast' }],
    ['robot API HTTP 429', 'oto', { status: 429, code: 'Throttling' }, 'robot', { kind: 'rate' }],
    ['robot API HTTP 500 system.error', 'oto', { status: 500, code: 'system.error' }, 'robot', { kind: 'retry', retryAfterMs: 5_000 }],
    ['robot API flow-controlled recipient', 'oto', { flowControlled: true }, 'robot', { kind: 'rate', platformCode: 'flowControlled' }],
    ['robot API staffId.notExisted', 'oto', { status: 400, code: 'staffId.notExisted' }, 'robot', { kind: 'fatal', platformCode: 'staffId.notExisted' }],
    ['group API bot.stopped', 'group', { status: 400, code: 'bot.stopped' }, 'group', { kind: 'config', platformCode: 'bot.stopped' }],
    ['token endpoint HTTP 503', 'token', { status: 503 }, 'robot', { kind: 'retry' }],
  ];
  it.each(cases)('%s', async (_name, endpoint, fail, via, expected) => {
    const { fake, robot, group } = await start();
    fake.fail(endpoint, fail);
    const p = via === 'robot' ? robot.send('zhangwei01', { text: 'x' }) : group.send(via === 'default' ? 'default' : 'cidGroupAbc123==', { text: 'x' });
    expect(await deliveryFailure(p)).toMatchObject(expected);
  });

  it('a hung DingTalk answer times out into a retry', async () => {
    const { t, fake, clock } = await start();
    const client = new DingtalkClient({ config: t.config.dingtalk, tokens: t.stores.tokens, clock, logger: pino({ level: 'silent' }), timeoutMs: 200 });
    fake.fail('custom', { hang: true });
    expect(await deliveryFailure(client.sendCustomRobot({ text: 'x' }))).toMatchObject({ kind: 'retry', retryAfterMs: 5_000 });
    fake.fail('oto', { hang: true });
    expect(await deliveryFailure(client.sendToUser('zhangwei01', { text: 'x' }))).toMatchObject({ kind: 'retry' });
    expect(fake.requests.filter((r) => r.status === 0)).toHaveLength(2);
  });

  it('custom robot: 20 per minute, the 21st is held back locally with retryAfterMs', async () => {
    const s = await start();
    for (let i = 0; i < 20; i++) await s.group.send('default', { text: `#${i}` });
    await expectHeldBackLocally(s, '21', { retryAfterMs: 60_000, tried: 20, deliveredAfter: 21 });
  });

  it('after DingTalk answers 410100 the robot is left alone for the 10-minute block', async () => {
    const s = await start();
    s.fake.fail('custom', { errcode: 410100 });
    await deliveryFailure(s.group.send('default', { text: 'x' }));
    await expectHeldBackLocally(s, 'y', { retryAfterMs: 600_000, tried: 1, deliveredAfter: 1 });
  });

  it('sessionWebhook only goes to the configured DingTalk host', async () => {
    const { t, fake, clock } = await start();
    const client = new DingtalkClient({ config: t.config.dingtalk, tokens: t.stores.tokens, clock, logger: pino({ level: 'silent' }) });
    expect(await deliveryFailure(client.sendBySession('http://127.0.0.2:9/robot/sendBySession?session=x', { text: 'x' }))).toMatchObject({ kind: 'fatal', platformCode: 'sessionHost' });
    await client.sendBySession(fake.sessionUrl('s1'), { text: 'ok' });
    fake.expireSession('s2');
    expect(await deliveryFailure(client.sendBySession(fake.sessionUrl('s2'), { text: 'x' }))).toMatchObject({ kind: 'fatal', platformCode: 300001 });
    expect(fake.delivered('session')).toHaveLength(1);
  });
});

describe('channel module', () => {
  it('is absent without DingTalk configuration', async () => {
    const t = closeLater(await buildTestApp());
    expect(t.runtime.channels.find((c) => c.name === 'dingtalk')).toBeUndefined();
    expect((await t.app.inject({ method: 'POST', url: '/dingtalk/robot', payload: {} })).statusCode).toBe(404);
  });

  it('only the custom group robot: a group sender and no routes', async () => {
    const fake = closeLater(await startFakeDingtalk());
    const t = closeLater(await buildTestApp({ env: { DINGTALK_GROUP_WEBHOOK: fake.webhookUrl() } }));
    const ch = t.runtime.channels.find((c) => c.name === 'dingtalk')!;
    expect(Object.keys(ch.senders!)).toEqual(['dingtalk-group']);
    expect(ch.routes).toBeUndefined();
    await t.runtime.senders['dingtalk-group']!.send('default', { text: '无加签' });
    expect(fake.delivered('custom')[0]!.query.has('sign')).toBe(false);
    expect(await deliveryFailure(t.runtime.senders['dingtalk-group']!.send('cidX', { text: 'x' }))).toMatchObject({ kind: 'fatal' });
  });
});
