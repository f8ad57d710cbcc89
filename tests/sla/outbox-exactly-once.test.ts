// Exactly-once pushes (issue #11 "Trust"): a platform that accepted a message but answered after our timeout gets the
// same idempotency key on the retry and delivers the message once; an error code we do not know is retried, not
// failed; a row that fails for a reason of its own fails alone and the recipient's next row still goes out.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/clock.js';
import { idempotencyKey } from '../../src/handlers/outbox/deliver.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { setup as setupDingtalk } from '../dingtalk/util.js';
import { KFID, setup as setupWecom } from '../wecom/util.js';
import type { TestApp } from '../helpers/app.js';
import { link, queue, queueGroup, runSender, statuses, WANG_FANG, ZHANG_WEI } from './outbox-util.js';

const closeLater = closeAfterEach();

/**
 * A client timeout short enough for a test, long enough for an ordinary answer on a busy machine; the fakes' late
 * answers come a minute later (never, within a test), so the sender always sees a timeout for them.
 */
const TIMEOUT_MS = 1_000;
const LATE = { lateAnswerMs: 60_000 };

async function wecom() {
  const s = closeLater(await setupWecom({}, { httpTimeoutMs: TIMEOUT_MS }));
  await link(s.t, ZHANG_WEI, 'wecom', 'zhangwei');
  await link(s.t, WANG_FANG, 'wecom', 'wmResident0001'); // a 微信客服 customer
  return s;
}

async function dingtalk() {
  const s = closeLater(await setupDingtalk({}, { groupRobot: true, httpTimeoutMs: TIMEOUT_MS }));
  await link(s.t, ZHANG_WEI, 'dingtalk', 'zhangwei01');
  return s;
}

const rowsOf = (t: TestApp) => t.stores.outbox.list();

/**
 * The first send reaches the platform but is answered after our timeout (LATE); the retry goes 30 s later. What each
 * run returned, how many messages the platform had after the first, and the rows then.
 */
async function lateThenRetry<E extends string, R>(t: TestApp, fake: { fail(endpoint: E, late: typeof LATE): void; delivered(endpoint: E): R[] }, clock: { now(): Date }, endpoint: E) {
  const t0 = clock.now().getTime();
  fake.fail(endpoint, LATE);
  const first = await runSender(t, t0);
  const deliveredFirst = fake.delivered(endpoint).length;
  const rowsFirst = await rowsOf(t);
  const retry = await runSender(t, t0 + 30 * SECOND);
  return { first, deliveredFirst, rowsFirst, retry };
}

describe('a send the platform accepted but answered too late goes out once', () => {
  it('WeCom message/send: the retry repeats the same body with enable_duplicate_check, WeCom drops it', async () => {
    const { t, fake, clock } = await wecom();
    await queue(t, ZHANG_WEI, ['第1条', '第2条']);
    const { first, deliveredFirst, rowsFirst, retry } = await lateThenRetry(t, fake, clock, 'send');
    expect(first).toMatchObject({ sent: 0, retry: 1 });
    expect(deliveredFirst).toBe(1); // WeCom has it, we saw a timeout
    expect(rowsFirst[0]).toMatchObject({ status: 'pending', lastError: expect.stringContaining('timeout') });

    expect(retry).toMatchObject({ sent: 2 });
    const calls = fake.requests.filter((r) => r.endpoint === 'send');
    expect(calls).toHaveLength(3);
    expect(calls[0]!.body).toMatchObject({ touser: 'zhangwei', enable_duplicate_check: 1, duplicate_check_interval: 1800 });
    expect(calls[1]!.body).toEqual(calls[0]!.body);
    expect(calls[1]!.duplicate).toBe(true);
    expect(fake.delivered('send').map((r) => r.body.text.content)).toEqual(['第1条', '第2条']);
    expect(await statuses(t)).toEqual(['sent', 'sent']);
  });

  it('微信客服 kf/send_msg: the retry carries the same msgid, derived from the row', async () => {
    const { t, fake, clock } = await wecom();
    await queue(t, WANG_FANG, ['您的报修已受理', '维修师傅已出发']);
    const rows = await rowsOf(t);
    expect(rows.map((r) => r.channel)).toEqual(['wecom-kf', 'wecom-kf']);
    expect((await lateThenRetry(t, fake, clock, 'kfSend')).deliveredFirst).toBe(1);

    const calls = fake.requests.filter((r) => r.endpoint === 'kfSend');
    expect(calls.map((c) => c.body.msgid)).toEqual([idempotencyKey(rows[0]!.dedupeKey), idempotencyKey(rows[0]!.dedupeKey), idempotencyKey(rows[1]!.dedupeKey)]);
    expect(calls[0]!.body.msgid).toMatch(/^[0-9a-zA-Z_-]{1,32}$/);
    expect(calls[0]!.body).toMatchObject({ open_kfid: KFID, touser: 'wmResident0001' });
    expect(calls[1]!.duplicate).toBe(true);
    expect(fake.delivered('kfSend').map((r) => r.body.text.content)).toEqual(['您的报修已受理', '维修师傅已出发']);
    expect(await statuses(t)).toEqual(['sent', 'sent']);
  });

  it('DingTalk batchSend: the retry carries the same msgUuid, DingTalk drops it', async () => {
    const { t, fake, clock } = await dingtalk();
    await queue(t, ZHANG_WEI, ['第1条', '第2条']);
    const rows = await rowsOf(t);
    const { first, deliveredFirst, retry } = await lateThenRetry(t, fake, clock, 'oto');
    expect(first).toMatchObject({ sent: 0, retry: 1 });
    expect(deliveredFirst).toBe(1);
    expect(retry).toMatchObject({ sent: 2 });

    const calls = fake.requests.filter((r) => r.endpoint === 'oto');
    expect(calls.map((c) => c.body.msgUuid)).toEqual([idempotencyKey(rows[0]!.dedupeKey), idempotencyKey(rows[0]!.dedupeKey), idempotencyKey(rows[1]!.dedupeKey)]);
    expect(calls[1]!.duplicate).toBe(true);
    expect(fake.delivered('oto').map((r) => JSON.parse(r.body.msgParam).content)).toEqual(['第1条', '第2条']);
    expect(await statuses(t)).toEqual(['sent', 'sent']);
  });

  it('DingTalk custom group robot: the same msgUuid on the retry', async () => {
    const { t, fake, clock } = await dingtalk();
    await queueGroup(t, ['交班提醒']);
    await lateThenRetry(t, fake, clock, 'custom');
    const calls = fake.requests.filter((r) => r.endpoint === 'custom');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.msgUuid).toBe(calls[0]!.body.msgUuid);
    expect(fake.delivered('custom').map((r) => r.body.text.content)).toEqual(['交班提醒']);
    expect(await statuses(t)).toEqual(['sent']);
  });

  it('the key is the row’s own: the same on every attempt and in every process, different for another row', () => {
    expect(idempotencyKey('sla:ticket:1:response:1:L1:p5')).toBe(idempotencyKey('sla:ticket:1:response:1:L1:p5'));
    expect(idempotencyKey('sla:ticket:1:response:1:L1:p5')).not.toBe(idempotencyKey('sla:ticket:1:response:1:L2:p5'));
    expect(idempotencyKey('x')).toMatch(/^[0-9a-z]{32}$/);
  });
});

describe('an error code nobody told us about is retried, not failed', () => {
  it('WeCom: unknown errcode → retry with backoff, then delivered', async () => {
    const { t, fake, clock } = await wecom();
    await queue(t, ZHANG_WEI, ['未知错误码之后']);
    const t0 = clock.now().getTime();
    fake.fail('send', { errcode: 47777, errmsg: 'some new error' });
    expect(await runSender(t, t0)).toMatchObject({ retry: 1, failed: 0 });
    const row = (await rowsOf(t))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('47777') });
    expect(row.nextAttemptAt.getTime()).toBe(t0 + 30 * SECOND);
    await runSender(t, t0 + 30 * SECOND);
    expect(await statuses(t)).toEqual(['sent']);
    expect(fake.delivered('send')).toHaveLength(1);
  });

  it('DingTalk: unknown robot API code and unknown custom robot errcode → retry, then delivered', async () => {
    const { t, fake, clock } = await dingtalk();
    await queue(t, ZHANG_WEI, ['单聊']);
    await queueGroup(t, ['群里']);
    const t0 = clock.now().getTime();
    fake.fail('oto', { status: 400, code: 'some.brand.new.code', message: '新错误' });
    fake.fail('custom', { errcode: 499999, errmsg: '新错误' });
    expect(await runSender(t, t0)).toMatchObject({ retry: 2, failed: 0 });
    expect(await statuses(t)).toEqual(['pending', 'pending']);
    await runSender(t, t0 + 30 * SECOND);
    expect(await statuses(t)).toEqual(['sent', 'sent']);
  });
});

describe('a row that fails for its own reason fails alone', () => {
  it('WeCom: content too large (45002) fails that row; the same person’s next rows go out in the same run', async () => {
    const { t, fake, clock } = await wecom();
    await queue(t, ZHANG_WEI, ['太长的一条', '第2条', '第3条']);
    fake.fail('send', { errcode: 45002, errmsg: 'content size out of limit' });
    expect(await runSender(t, clock.now())).toMatchObject({ failed: 1, sent: 2 });
    expect(await statuses(t)).toEqual(['failed', 'sent', 'sent']);
    expect(fake.delivered('send').map((r) => r.body.text.content)).toEqual(['第2条', '第3条']);
  });

  it('DingTalk: a refused msgParam fails that row; the next row of the same recipient is sent', async () => {
    const { t, fake, clock } = await dingtalk();
    await queue(t, ZHANG_WEI, ['被拒的一条', '下一条']);
    fake.fail('oto', { status: 400, code: 'invalidParameter.msgParam.tooLong', message: 'too long' });
    expect(await runSender(t, clock.now())).toMatchObject({ failed: 1, sent: 1 });
    expect(await statuses(t)).toEqual(['failed', 'sent']);
    expect(fake.delivered('oto').map((r) => JSON.parse(r.body.msgParam).content)).toEqual(['下一条']);
  });
});
