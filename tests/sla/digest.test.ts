// 值班日志: one message per team lead and supervisor about their team at DIGEST_CRON, exactly once per day.
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { dailyDigest, safeError } from '../../src/handlers/jobs/daily-digest.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const EVENING = '2026-11-23T18:00:00+08:00';
const run = (app: TestApp, now = EVENING) => dailyDigest.run(jobContext(app.runtime, new Date(now)));
const idOf = async (app: TestApp, name: string) => (await app.stores.people.find(name))!.id;
const digests = async (app: TestApp) => (await app.prisma.outbox.findMany({ orderBy: { id: 'asc' } })).filter((r) => r.dedupeKey.startsWith('digest:'));
const digestFor = async (app: TestApp, name: string) => {
  const id = await idOf(app, name);
  return (await digests(app)).find((r) => r.personId === id);
};

/** Monday 2026-11-23 (Asia/Shanghai): a day of work for the 工程 and 客服 teams. */
async function scenario(app: TestApp) {
  // 09:00 a repair (工程) dispatched and accepted at 09:05; 张伟 arrives at 10:00, 35 minutes after the 20-minute limit.
  await say(app, '王芳', '报修 3栋2单元1502 厨房水管漏水 13800000001');
  app.clock.advance(5 * MINUTE);
  await say(app, '李娜', '派单 #1 张伟');
  await say(app, '张伟', '接单 #1');
  // 09:10 an urgent repair nobody takes: its response clock runs past due.
  app.clock.advance(5 * MINUTE);
  await say(app, '王芳', '报修 5栋801 电梯困人 紧急');
  // 10:00 a complaint (客服), answered in time.
  app.clock.set('2026-11-23T10:00:00+08:00');
  await say(app, '张伟', '到场 #1');
  await say(app, '王芳', '投诉 7栋1单元803 保洁未清理楼道');
  app.clock.set('2026-11-23T11:00:00+08:00');
  await say(app, '李娜', '回复 #3 已安排保洁 下次回复 明天10点');
  // 14:00 李娜 asks for leave (周敏 approves up to 1 day); 16:00 张伟 hands over, nobody confirms.
  app.clock.set('2026-11-23T14:00:00+08:00');
  await say(app, '李娜', '请假 明天 事假 家里有事');
  app.clock.set('2026-11-23T16:00:00+08:00');
  await say(app, '张伟', '交班 今日正常，#1 明早继续', true);
  // A push to 张伟 that the platform refused for good (the error text carries a number).
  await app.prisma.outbox.create({
    data: {
      dedupeKey: 'test:failed:1',
      channel: 'wecom-app',
      recipient: 'zhangwei',
      personId: await idOf(app, '张伟'),
      text: '测试',
      status: 'failed',
      attempts: 9,
      nextAttemptAt: new Date('2026-11-23T08:00:00+08:00'),
      lastError: 'errcode 60111 userid not found: 13912345678',
    },
  });
}

describe('daily digest (值班日志)', () => {
  it('each lead gets their team: open work, misses of the day, handovers, failed pushes', async () => {
    t = await buildTestApp();
    await scenario(t);
    expect(await run(t)).toEqual({ readers: 3, enqueued: 3 });
    const zhao = (await digestFor(t, '赵强'))!;
    const zhou = (await digestFor(t, '周敏'))!;
    expect(zhao.dedupeKey).toBe(`digest:2026-11-23:${await idOf(t, '赵强')}`);
    expect(zhou.dedupeKey).toBe(`digest:2026-11-23:${await idOf(t, '周敏')}`);

    // 工程: the two repairs, their misses, 张伟's handover and the failed push; nothing of 客服.
    expect(zhao.text.split('\n')[0]).toBe('【值班日志】11月23日 工程组');
    expect(zhao.text).toContain('未结工单 2 张（紧急 1）');
    expect(zhao.text).toContain('- 报修#2（紧急） 5栋801 电梯困人 · 待派单 · 未派单，发送「派单 #2 姓名 ／ 接单 #2」');
    expect(zhao.text).toContain('- 报修#1 3栋2单元1502 厨房水管漏水 · 已到场 · 张伟，发送「完工 #1 说明」');
    expect(zhao.text).toContain('今日超时 5 项：');
    expect(zhao.text).toContain('- 报修#2 响应期限11月23日 09:20，仍未完成，已超8小时40分钟');
    expect(zhao.text).toContain('- 报修#1 到场期限11月23日 09:25，已于11月23日 10:00完成，晚35分钟');
    expect(zhao.text).toContain('- 报修#1 处理期限11月23日 13:00，仍未完成，已超5小时');
    expect(zhao.text).toContain('- 交班#1 接班确认期限11月23日 16:30，仍未完成，已超1小时30分钟');
    expect(zhao.text).toContain('未确认交班 1 个');
    expect(zhao.text).toMatch(/交班#1 张伟 11月23日 16:00交班.*接班同事请发送「接班」/);
    expect(zhao.text).toContain('推送失败 1 条（24小时内）');
    expect(zhao.text).toContain('企业微信应用 → 张伟：errcode 60111 userid not found: ****');
    expect(zhao.text).not.toContain('投诉#3');
    expect(zhao.text).not.toContain('请假#');

    // 客服: the complaint (replied late), 李娜's leave; no repairs, no engineering push.
    expect(zhou.text.split('\n')[0]).toBe('【值班日志】11月23日 客服组');
    expect(zhou.text).toContain('未结工单 1 张');
    expect(zhou.text).toContain('投诉#3');
    expect(zhou.text).not.toContain('今日超时');
    expect(zhou.text).toContain('待审批请假 1 条');
    expect(zhou.text).toContain('请假#1 李娜 事假 11月24日（1天），发送「批准 #1」或「驳回 #1 原因」');
    expect(zhou.text).not.toContain('报修#');
    expect(zhou.text).not.toContain('推送失败');

    // The supervisor (#13) gets her team's digest too, with the leave she may approve.
    const chen = (await digestFor(t, '陈静'))!;
    expect(chen.text.split('\n')[0]).toBe('【值班日志】11月23日 客服组');
    expect(chen.text).toContain('请假#1 李娜 事假 11月24日（1天）');

    // No phone number anywhere.
    for (const d of [zhao, zhou, chen]) {
      expect(d.text).not.toMatch(/1[3-9]\d{9}/);
      expect(d.text).not.toContain('13800000001');
    }

    // Running again (cron overlap, restart, jobs run --now) sends nothing twice.
    expect(await run(t, '2026-11-23T18:05:00+08:00')).toEqual({ readers: 3, enqueued: 0 });
    expect(await digests(t)).toHaveLength(3);
    // The next day is a new digest.
    expect(await run(t, '2026-11-24T18:00:00+08:00')).toEqual({ readers: 3, enqueued: 3 });
  });

  it('a quiet day still gets a one-line message; a lead without a team gets the whole site', async () => {
    t = await buildTestApp();
    await t.stores.people.create({ name: '吴总', role: 'lead', team: null, phone: null });
    expect(await run(t)).toEqual({ readers: 4, enqueued: 4 });
    expect((await digestFor(t, '赵强'))!.text).toBe('【值班日志】11月23日 工程组：今日无超时、无待办。');
    expect((await digestFor(t, '吴总'))!.text).toBe('【值班日志】11月23日 全站：今日无超时、无待办。');

    t.clock.set('2026-11-24T09:00:00+08:00');
    await say(t, '王芳', '报修 3栋2单元1502 厨房水管漏水');
    await say(t, '王芳', '投诉 楼上装修太吵');
    await run(t, '2026-11-24T18:00:00+08:00');
    const wu = await idOf(t, '吴总');
    const site = (await digests(t)).find((r) => r.dedupeKey === `digest:2026-11-24:${wu}`)!;
    expect(site.text).toContain('【值班日志】11月24日 全站');
    expect(site.text).toContain('未结工单 2 张');
    expect(site.text).toContain('报修#1');
    expect(site.text).toContain('投诉#2');
  });

  it('lists the top few lines and counts the rest', async () => {
    t = await buildTestApp();
    for (let i = 1; i <= 7; i++) await say(t, '王芳', `报修 ${i}栋101 灯不亮`);
    await run(t, '2026-11-23T09:01:00+08:00');
    const text = (await digestFor(t, '赵强'))!.text;
    expect(text).toContain('未结工单 7 张');
    expect(text).toContain('报修#5');
    expect(text).not.toContain('报修#6');
    expect(text).toContain('…另有2项，发送「查询 #单号」查看');
  });

  it('keeps phone numbers out of error texts', () => {
    expect(safeError('HTTP 403 robot 13812345678 rate limited')).toBe('HTTP 403 robot **** rate limited');
    expect(safeError('+86 138-1234-5678 blocked')).toBe('**** blocked');
    expect(safeError('errcode 45009')).toBe('errcode 45009');
    expect(safeError(null)).toBe('未知错误');
  });

  it('runs at DIGEST_CRON (default 18:00)', async () => {
    t = await buildTestApp();
    expect(dailyDigest.cron(t.config)).toBe('0 18 * * *');
  });
});
