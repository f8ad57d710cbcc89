// Patrol rounds (巡查): the 2-hourly fire patrol is a round every 2 hours, not one drill item overdue for 30 days.
// A simulated day: the patrol-rounds job runs at a few times with an injected clock; two rounds are missed.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { dailyDigest } from '../../src/handlers/jobs/daily-digest.js';
import { patrolRounds } from '../../src/handlers/jobs/patrol-rounds.js';
import { slotAt } from '../../src/handlers/patrol/slots.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';
import { expectRefusal } from '../helpers/assertions.js';
import { drills, outbox, runJob } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const at = (iso: string) => new Date(iso);
const day = (hhmm: string) => `2026-11-23T${hhmm}:00+08:00`;
const rounds = (t: TestApp) => t.prisma.patrolRound.findMany({ orderBy: { id: 'asc' } });
const keys = async (t: TestApp, part: string) => (await outbox(t)).filter((o) => o.dedupeKey.startsWith('patrol:') && o.dedupeKey.includes(part)).map((o) => o.dedupeKey);
const idOf = async (t: TestApp, name: string) => (await t.stores.people.find(name))!.id;
/** Everything a patrol command may change. */
const snapshot = async (t: TestApp) => ({ rounds: await rounds(t), outbox: await outbox(t), tickets: await t.prisma.ticket.findMany() });
const refused = (t: TestApp, who: string, text: string, reply: RegExp) => expectRefusal(t, snapshot, who, text, reply);

/** A security lead besides the demo people (孙磊 is the 保安 guard). */
async function withSecurityLead(t: TestApp) {
  await t.stores.people.create({ name: '吴军', role: 'lead', team: '保安', phone: null });
}

async function at_(t: TestApp, hhmm: string) {
  t.clock.set(day(hhmm));
  return runJob(t, patrolRounds, day(hhmm));
}

describe('patrol rounds over a simulated day', () => {
  it('opens a round every 2 hours, reminds the guard once, counts and alerts exactly the two missed rounds', async () => {
    t = await buildTestApp();
    await withSecurityLead(t);
    const sun = await idOf(t, '孙磊');
    const wu = await idOf(t, '吴军');

    // 00:01 the first round opens; the guard is reminded once however often the job runs.
    expect(await at_(t, '00:01')).toEqual({ opened: 1, missed: 0, enqueued: 1 });
    expect(await at_(t, '00:30')).toEqual({ opened: 0, missed: 0, enqueued: 0 });
    const reminder = (await outbox(t)).find((o) => o.dedupeKey === `patrol:1:opened:${sun}`)!;
    expect(reminder.text).toBe('【巡查提醒】巡查#1（00:00–02:00 消防安全重点部位防火巡查） 开始，请在02:00前完成巡查并记录：「巡查 完成 #1 正常」；发现问题请发送「巡查 完成 #1 发现 具体情况」。');

    // Nobody records #1: at 02:05 it is missed (one alert to the security lead) and #2 opens.
    expect(await at_(t, '02:05')).toMatchObject({ opened: 1, missed: 1 });
    t.clock.set(day('03:00'));
    expect(await say(t, '孙磊', '巡查 完成 #2 正常')).toBe('已记录巡查#2（02:00–04:00 消防安全重点部位防火巡查）：正常。下一轮 04:00 开始。');
    await refused(t, '孙磊', '巡查 完成 #2 正常', /巡查#2 已于11月23日 03:00记录为「正常」，无需重复/);
    await refused(t, '孙磊', '巡查 完成 #1 正常', /巡查#1（00:00–02:00 消防安全重点部位防火巡查） 时段已结束，不能再记录结果/);

    // 04:00 #3: a finding, told to the lead, and turned into a repair in one command.
    await at_(t, '04:00');
    t.clock.set(day('05:00'));
    const finding = await say(t, '孙磊', '巡查 完成 #3 发现 3号楼消防通道堵塞');
    expect(finding).toContain('已记录巡查#3（04:00–06:00 消防安全重点部位防火巡查）：发现问题「3号楼消防通道堵塞」。已告知吴军。需要维修请发送「巡查 #3 转报修」。');
    expect((await outbox(t)).find((o) => o.dedupeKey === `patrol:3:finding:${wu}`)!.text).toContain('孙磊：3号楼消防通道堵塞');
    const repaired = await say(t, '孙磊', '巡查 #3 转报修');
    expect(repaired).toMatch(/^巡查#3 的发现已转为报修：\n已登记报修#1 3栋 消防通道堵塞/);
    const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id: 1 } });
    expect(ticket).toMatchObject({ kind: 'repair', status: 'pending', building: '3', description: '消防通道堵塞', reporterId: sun });
    const created = (await t.stores.tickets.events(1))[0]!;
    expect(created.note).toContain('由巡查#3转入（04:00–06:00 巡查发现：3号楼消防通道堵塞）');
    expect((await rounds(t))[2]).toMatchObject({ status: 'done', result: 'finding', note: '3号楼消防通道堵塞', ticketId: 1, doneById: sun });
    await refused(t, '孙磊', '巡查 #3 转报修', /巡查#3 的发现已转为报修#1，无需重复/);
    await refused(t, '孙磊', '巡查 #2 转报修', /巡查#2 记录为正常，没有可转报修的发现/);

    // 06:00 #4 opens; nobody records it; the job runs twice at 08:00: #4 missed once, #5 opens once.
    await at_(t, '06:00');
    await at_(t, '07:59');
    expect(await at_(t, '08:00')).toMatchObject({ opened: 1, missed: 1 });
    expect(await at_(t, '08:00')).toEqual({ opened: 0, missed: 0, enqueued: 0 });
    // Without a number: the current round.
    t.clock.set(day('09:00'));
    expect(await say(t, '孙磊', '巡查 完成 正常 配电房、水泵房已查看')).toContain('已记录巡查#5（08:00–10:00 消防安全重点部位防火巡查）：正常。');

    await at_(t, '10:00');
    t.clock.set(day('11:00'));
    const today = await say(t, '张伟', '巡查 今日');
    expect(today.split('\n')).toEqual([
      '今日巡查（11月23日，消防安全重点部位防火巡查，每2小时一轮，全天）：共6轮：已完成3轮（正常2、发现问题1），漏巡2轮，进行中1轮。',
      '- 巡查#1 00:00–02:00 漏巡',
      '- 巡查#2 02:00–04:00 正常（孙磊 03:00）',
      '- 巡查#3 04:00–06:00 发现问题：3号楼消防通道堵塞（已转报修#1）（孙磊 05:00）',
      '- 巡查#4 06:00–08:00 漏巡',
      '- 巡查#5 08:00–10:00 正常（配电房、水泵房已查看）（孙磊 09:00）',
      '- 巡查#6 10:00–12:00 进行中',
      '当前轮次：巡查#6，完成后请发送「巡查 完成 #6 正常」；发现问题请发送「巡查 完成 #6 发现 具体情况」。',
    ]);

    // The rest of the day is patrolled; the digest at 18:00 counts the rounds for the security lead.
    t.clock.set(day('11:30'));
    await say(t, '孙磊', '巡查 完成 #6 正常');
    for (const [open, record, id] of [['12:00', '13:00', 7], ['14:00', '15:00', 8], ['16:00', '17:00', 9]] as const) {
      await at_(t, open);
      t.clock.set(day(record));
      expect(await say(t, '孙磊', `巡查 完成 #${id} 正常`)).toContain(`已记录巡查#${id}`);
    }
    await at_(t, '18:00');
    await runJob(t, dailyDigest, day('18:00'));
    const digest = (await outbox(t)).find((o) => o.dedupeKey.startsWith('digest:') && o.personId === wu)!.text;
    expect(digest).toContain('今日巡查 共10轮：已完成7轮（正常6、发现问题1），漏巡2轮，进行中1轮');
    expect(digest).toContain('- 漏巡：巡查#1 00:00–02:00、巡查#4 06:00–08:00');
    // The 工程 lead's digest is about the 工程 team: no patrol section.
    const engineering = await idOf(t, '赵强');
    expect((await outbox(t)).find((o) => o.dedupeKey.startsWith('digest:') && o.personId === engineering)!.text).not.toContain('今日巡查');

    // Exactly two missed alerts all day, each once, to the security lead; one reminder per round to the guard.
    expect(await keys(t, ':missed:')).toEqual([`patrol:1:missed:${wu}`, `patrol:4:missed:${wu}`]);
    expect((await outbox(t)).find((o) => o.dedupeKey === `patrol:4:missed:${wu}`)!.text).toBe(
      '【漏巡】巡查#4（06:00–08:00 消防安全重点部位防火巡查） 时段结束仍未记录结果，已记为漏巡（当日已漏巡2轮，发送「巡查 今日」查看）。请了解原因，并督促后续轮次按时巡查、记录。',
    );
    expect(await keys(t, ':opened:')).toEqual(Array.from({ length: 10 }, (_, i) => `patrol:${i + 1}:opened:${sun}`));
    // No drill item stands in for the patrol.
    expect((await drills(t)).filter((d) => d.kind === 'fire-patrol')).toEqual([]);
    expect(await t.prisma.slaClock.count()).toBe(2); // the repair's response and resolve clocks only
  });
});

describe('starting late in a slot', () => {
  it('a slot with less than a quarter left is not opened (no round to miss at once); the next one is', async () => {
    t = await buildTestApp();
    expect(await at_(t, '07:56')).toEqual({ opened: 0, missed: 0, enqueued: 0 });
    expect(await rounds(t)).toEqual([]);
    expect(await at_(t, '08:01')).toMatchObject({ opened: 1, missed: 0 });
    expect(await at_(t, '09:29')).toMatchObject({ opened: 0, missed: 0 });
  });
});

describe('patrol commands', () => {
  it('who may record, what a result and a finding need; a supervisor may record', async () => {
    t = await buildTestApp();
    await at_(t, '09:00');
    await refused(t, '张伟', '巡查 完成 #1 正常', /抱歉，巡查由保安组记录，主管、经理也可以记录/);
    await refused(t, '王芳', '巡查 完成 #1 正常', /仅限物业员工/);
    await refused(t, '王芳', '巡查 今日', /仅限物业员工/);
    await refused(t, '孙磊', '巡查 完成 #1', /请写明巡查结果，例如「巡查 完成 #1 正常」/);
    await refused(t, '孙磊', '巡查 完成 #1 发现', /请写明发现的问题，例如「巡查 完成 #1 发现 3号楼消防通道堵塞」/);
    await refused(t, '孙磊', '巡查 完成 #99 正常', /没有找到巡查#99/);
    await refused(t, '孙磊', '巡查 #1 转报修', /巡查#1 还没有记录结果，没有可转报修的发现/);
    // A supervisor may record; without a security lead findings go to the supervisors (here only the recorder: nobody to tell).
    const r = await say(t, '陈静', '巡查 完成 #1 发现 2号楼配电房门未锁');
    expect(r).toContain('发现问题「2号楼配电房门未锁」');
    expect(r).not.toContain('已告知');
  });

  it('without a security lead, a missed round alerts the supervisor; without a guard, the duty group is reminded', async () => {
    t = await buildTestApp();
    await t.stores.people.update(await idOf(t, '孙磊'), { team: '工程' });
    await at_(t, '09:00');
    await at_(t, '11:00');
    const rows = (await outbox(t)).filter((o) => o.dedupeKey.startsWith('patrol:'));
    expect(rows.map((o) => o.dedupeKey)).toEqual(['patrol:1:opened:group@console-group', `patrol:1:missed:${await idOf(t, '陈静')}`, 'patrol:2:opened:group@console-group']);
  });

  it('演练 新增 for the fire patrol points to the rounds instead of creating a drill', async () => {
    t = await buildTestApp();
    const r = await say(t, '赵强', '演练 新增 明天 10:00 消防安全重点部位防火巡查');
    expect(r).toContain('消防安全重点部位防火巡查按轮次进行（每2小时一轮，自动开轮并提醒保安组），无需登记为演练');
    expect(await drills(t)).toEqual([]);
    // A drill at the key areas is still a drill.
    expect(await say(t, '赵强', '演练 新增 明天 10:00 重点部位灭火演练')).toContain('已登记演练#1');
    expect((await drills(t))[0]).toMatchObject({ kind: 'fire-drill' });
  });

  it('PATROL_KINDS=none: no rounds, and the commands say so', async () => {
    t = await buildTestApp({ env: { PATROL_KINDS: 'none' } });
    expect(await at_(t, '09:00')).toEqual({ opened: 0, missed: 0, enqueued: 0 });
    expect(await say(t, '孙磊', '巡查 今日')).toContain('目前没有开启按轮次的巡查');
  });
});

describe('slots', () => {
  it('night hours past midnight, 3-hour rounds; the last round ends with the window', () => {
    const p = loadConfig({ PATROL_ACTIVE_HOURS: '20:00-07:00', PATROL_INTERVAL_HOURS: '3' }).patrol;
    const slot = (iso: string) => slotAt(at(iso), p, 480);
    expect(slot('2026-11-23T12:00:00+08:00')).toBeNull();
    expect(slot('2026-11-23T20:00:00+08:00')).toEqual({ slotStart: at('2026-11-23T20:00:00+08:00'), slotEnd: at('2026-11-23T23:00:00+08:00') });
    expect(slot('2026-11-24T01:30:00+08:00')).toEqual({ slotStart: at('2026-11-23T23:00:00+08:00'), slotEnd: at('2026-11-24T02:00:00+08:00') });
    expect(slot('2026-11-24T06:59:00+08:00')).toEqual({ slotStart: at('2026-11-24T05:00:00+08:00'), slotEnd: at('2026-11-24T07:00:00+08:00') });
    expect(slot('2026-11-24T07:00:00+08:00')).toBeNull();
  });

  it('the default: the whole day in 2-hour rounds', () => {
    const p = loadConfig({}).patrol;
    expect(p).toMatchObject({ kinds: ['fire-patrol'], team: '保安', intervalHours: 2 });
    expect(slotAt(at('2026-11-23T23:59:00+08:00'), p, 480)).toEqual({ slotStart: at('2026-11-23T22:00:00+08:00'), slotEnd: at('2026-11-24T00:00:00+08:00') });
  });
});
