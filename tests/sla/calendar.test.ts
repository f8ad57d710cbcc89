// Working-day clocks on the Chinese calendar (chinese-days), the override table, its CSV import,
// and the yearly coverage check.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarImport, calendarList, parseCalendarCsv } from '../../src/cli/calendar.js';
import { calendarCheck } from '../../src/handlers/jobs/calendar-check.js';
import { createCalendar } from '../../src/handlers/sla/calendar.js';
import { coverage, libraryCovers, loadCalendar } from '../../src/handlers/sla/calendar.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';

const OFF = 480;
const at = (iso: string) => new Date(iso);
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  vi.restoreAllMocks();
});

/** A repair reported, dispatched, accepted, reached and completed at `when`; returns the ticket row. */
async function completeAt(app: TestApp, when: string) {
  app.clock.set(when);
  await say(app, '王芳', '报修 3栋2单元1502 厨房水管漏水');
  const id = (await app.prisma.ticket.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
  await say(app, '李娜', `派单 #${id} 张伟`);
  await say(app, '张伟', `接单 #${id}`);
  await say(app, '张伟', `到场 #${id}`);
  expect(await say(app, '张伟', `完工 #${id} 更换了三通`)).toContain('已登记完工');
  return app.prisma.ticket.findUniqueOrThrow({ where: { id } });
}

function writeCsv(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cal-')), 'holidays.csv');
  writeFileSync(file, text);
  return file;
}

function captureConsole() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

describe('working days on the Chinese calendar', () => {
  const cal = createCalendar(OFF);

  it('skips 国庆/中秋 2026: completion on 9月30日 → follow-up due 10月9日', () => {
    expect(cal.isWorkday('2026-10-01')).toBe(false);
    expect(cal.addWorkdays(at('2026-09-30T10:00:00+08:00'), 2)).toEqual(at('2026-10-09T10:00:00+08:00'));
    // 中秋 2026-09-25 (Fri) … 09-27: Thursday 9-24 → Mon 9-28, Tue 9-29.
    expect(cal.addWorkdays(at('2026-09-24T16:30:00+08:00'), 2)).toEqual(at('2026-09-29T16:30:00+08:00'));
  });

  it('counts a 调休 Saturday (2026-10-10) and Sunday (2026-09-20) as working days', () => {
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.addWorkdays(at('2026-10-09T10:00:00+08:00'), 2)).toEqual(at('2026-10-12T10:00:00+08:00')); // Sat 10-10, Mon 10-12
    expect(cal.addWorkdays(at('2026-10-09T10:00:00+08:00'), 1)).toEqual(at('2026-10-10T10:00:00+08:00'));
    expect(cal.addWorkdays(at('2026-09-18T10:00:00+08:00'), 2)).toEqual(at('2026-09-21T10:00:00+08:00')); // Sun 9-20, Mon 9-21
    // An ordinary weekend is still skipped.
    expect(cal.addWorkdays(at('2026-11-27T10:00:00+08:00'), 2)).toEqual(at('2026-12-01T10:00:00+08:00'));
  });

  it('uses the local date, not UTC: 00:30 Beijing time on 10月1日 is a holiday', () => {
    // 2026-09-30T16:30Z is 10-01 00:30 in Shanghai.
    expect(cal.addWorkdays(at('2026-09-29T00:30:00+08:00'), 1)).toEqual(at('2026-09-30T00:30:00+08:00'));
    expect(cal.addWorkdays(at('2026-09-30T00:30:00+08:00'), 1)).toEqual(at('2026-10-08T00:30:00+08:00'));
  });

  it('a repair completed through chat before 国庆 gets its 回访 due after the holiday', async () => {
    t = await buildTestApp();
    const row = await completeAt(t, '2026-09-30T10:00:00+08:00');
    expect(row.completedAt).toEqual(at('2026-09-30T10:00:00+08:00'));
    expect(row.followupDueAt).toEqual(at('2026-10-09T10:00:00+08:00'));
    const clock = await t.prisma.slaClock.findFirstOrThrow({ where: { itemType: 'ticket', itemId: row.id, clock: 'followup' } });
    expect(clock.dueAt).toEqual(at('2026-10-09T10:00:00+08:00'));
  });
});

describe('the override table', () => {
  it('chinese-days knows 2026 but not 2027; override rows change the result', async () => {
    expect(libraryCovers(2026)).toBe(true);
    expect(libraryCovers(2027)).toBe(false);
    // Without data 2027-01-01 (Friday) counts as a working day.
    expect(createCalendar(OFF).addWorkdays(at('2026-12-31T10:00:00+08:00'), 2)).toEqual(at('2027-01-04T10:00:00+08:00'));
    const overrides = new Map([
      ['2027-01-01', false],
      ['2027-01-09', true], // a 调休 Saturday
    ]);
    const cal = createCalendar(OFF, overrides);
    expect(cal.addWorkdays(at('2026-12-31T10:00:00+08:00'), 2)).toEqual(at('2027-01-05T10:00:00+08:00'));
    expect(cal.addWorkdays(at('2027-01-08T10:00:00+08:00'), 1)).toEqual(at('2027-01-09T10:00:00+08:00'));
    // An override wins over the library too (a local exception).
    expect(createCalendar(OFF, new Map([['2026-10-08', false]])).addWorkdays(at('2026-09-30T10:00:00+08:00'), 2)).toEqual(at('2026-10-10T10:00:00+08:00'));
  });

  it('rows in the database reach the follow-up clock of a ticket completed through chat', async () => {
    t = await buildTestApp();
    const before = await completeAt(t, '2026-12-31T10:00:00+08:00');
    expect(before.followupDueAt).toEqual(at('2027-01-04T10:00:00+08:00'));
    await t.stores.calendar.importMany([
      { date: '2027-01-01', workday: false, note: '元旦' },
      { date: '2027-01-04', workday: false, note: '测试：元旦调休' },
    ]);
    expect((await loadCalendar(t.stores.calendar, OFF)).isWorkday('2027-01-01')).toBe(false);
    const after = await completeAt(t, '2026-12-31T11:00:00+08:00');
    expect(after.followupDueAt).toEqual(at('2027-01-06T11:00:00+08:00'));
  });

  it('coverage counts override rows of the year', async () => {
    t = await buildTestApp();
    expect(await coverage(t.stores.calendar, 2027)).toEqual({ year: 2027, library: false, overrides: 0, covered: false });
    await t.stores.calendar.importMany([{ date: '2027-02-06', workday: false, note: '春节' }]);
    expect(await coverage(t.stores.calendar, 2027)).toEqual({ year: 2027, library: false, overrides: 1, covered: true });
    expect((await coverage(t.stores.calendar, 2026)).covered).toBe(true);
  });
});

describe('calendar import CSV', () => {
  it('reads date,workday,note with 1/0 and 上班/休息, BOM and CRLF', () => {
    const { rows, errors } = parseCalendarCsv('\uFEFFdate,workday,note\r\n2027-01-01,休息,元旦\r\n2027-02-06,1,春节调休上班\r\n2027-02-07,0,\r\n\r\n2027-02-08,上班\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { date: '2027-01-01', workday: false, note: '元旦' },
      { date: '2027-02-06', workday: true, note: '春节调休上班' },
      { date: '2027-02-07', workday: false, note: null },
      { date: '2027-02-08', workday: true, note: null },
    ]);
  });

  it('reports every bad line by number and returns no rows', () => {
    const { rows, errors } = parseCalendarCsv('date,workday,note\n2027-01-01,休息,元旦\n2027-02-30,1,\n2027/03/01,0,\n2027-01-01,上班,重复\n2027-05-01,放假,劳动节\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      '第 3 行：日期「2027-02-30」无效，应为 YYYY-MM-DD，例如 2027-10-01',
      '第 4 行：日期「2027/03/01」无效，应为 YYYY-MM-DD，例如 2027-10-01',
      '第 5 行：日期 2027-01-01 与第 2 行重复',
      '第 6 行：workday「放假」无效，应为 1 / 0 或 上班 / 休息',
    ]);
    expect(parseCalendarCsv('day,off\n2027-01-01,1').errors).toEqual(['第 1 行：表头必须是 date,workday,note']);
  });

  it('the CLI imports all or nothing, and lists the table with the coverage', async () => {
    t = await buildTestApp();
    const io = captureConsole();
    const bad = writeCsv('date,workday,note\n2027-01-01,休息,元旦\n2027-13-01,0,\n');
    expect(await calendarImport(t.runtime, [bad])).toBe(1);
    expect(io.err.join('\n')).toContain('导入失败，未写入任何数据');
    expect(io.err.join('\n')).toContain('第 3 行');
    expect(await t.prisma.calendarOverride.count()).toBe(0);

    const good = writeCsv('date,workday,note\n2027-01-01,休息,元旦\n2027-01-09,上班,调休\n');
    expect(await calendarImport(t.runtime, [good])).toBe(0);
    expect(io.out.at(-1)).toContain('新增 2 天');
    expect(await calendarImport(t.runtime, [good])).toBe(0);
    expect(io.out.at(-1)).toContain('更新 2 天');
    expect(await t.prisma.calendarOverride.findMany({ orderBy: { date: 'asc' }, select: { date: true, workday: true, note: true } })).toEqual([
      { date: '2027-01-01', workday: false, note: '元旦' },
      { date: '2027-01-09', workday: true, note: '调休' },
    ]);

    io.out.length = 0;
    expect(await calendarList(t.runtime, [])).toBe(0);
    expect(io.out).toEqual(['2026年：已覆盖（chinese-days 内置数据）', '2027年：已覆盖（覆盖表 2 天）', '2027-01-01\t休息\t元旦', '2027-01-09\t上班\t调休']);
    expect(await calendarImport(t.runtime, [])).toBe(2);
  });
});

describe('calendar-check job', () => {
  const run = (app: TestApp, now: string) => calendarCheck.run(jobContext(app.runtime, new Date(now)));
  const calendarRows = async (app: TestApp) => (await app.prisma.outbox.findMany({ orderBy: { id: 'asc' } })).filter((r) => r.dedupeKey.startsWith('calendar:'));

  it('warns the managers and the duty group once when next year is not covered', async () => {
    t = await buildTestApp();
    const manager = (await t.stores.people.find('刘洋'))!;
    expect(await run(t, '2026-11-23T09:00:00+08:00')).toEqual({ year: 2027, covered: false, enqueued: 2 });
    const rows = await calendarRows(t);
    expect(rows.map((r) => r.dedupeKey)).toEqual(['calendar:2027:uncovered@console-group', `calendar:2027:uncovered:${manager.id}`]);
    expect(rows[1]!.personId).toBe(manager.id);
    expect(rows[0]!.text).toContain('2027年');
    expect(rows[0]!.text).toContain('npm run cli -- calendar import 文件.csv');
    expect(t.logs.some((l) => l.level === 40 && String(l.msg).includes('next year'))).toBe(true);
    // Every later run that year: nothing new.
    await run(t, '2026-11-24T09:00:00+08:00');
    await run(t, '2026-12-31T09:00:00+08:00');
    expect(await calendarRows(t)).toHaveLength(2);
  });

  it('says nothing when the library covers next year, or once override rows do', async () => {
    t = await buildTestApp();
    expect(await run(t, '2025-06-01T09:00:00+08:00')).toEqual({ year: 2026, covered: true, enqueued: 0 });
    // Local time: 2025-12-31T17:00Z is already 2026-01-01 in Shanghai → checks 2027.
    await t.stores.calendar.importMany([{ date: '2027-01-01', workday: false, note: '元旦' }]);
    expect(await run(t, '2025-12-31T17:00:00Z')).toEqual({ year: 2027, covered: true, enqueued: 0 });
    expect(await calendarRows(t)).toEqual([]);
  });

  it('has its own cron (CALENDAR_CHECK_CRON, default 09:00)', async () => {
    t = await buildTestApp({ env: { CALENDAR_CHECK_CRON: '30 8 * * 1' } });
    expect(calendarCheck.cron(t.config)).toBe('30 8 * * 1');
    const d = await buildTestApp();
    expect(calendarCheck.cron(d.config)).toBe('0 9 * * *');
    await d.close();
  });
});
