// Handovers tied to the roster: the reminder at the end of a shift, one alert to the lead when no 交班 came, 接班
// checked against who is rostered; and an unstaffed desk alerted once per gap.
import { afterEach, describe, expect, it } from 'vitest';
import { deskStaffing } from '../../src/handlers/jobs/desk-staffing.js';
import { shiftHandover } from '../../src/handlers/jobs/shift-handover.js';
import type { TestApp } from '../helpers/app.js';
import { outbox } from '../workflows/util.js';
import { at, importRoster, runAt, sayIn, twoProperties } from './util.js';

let t: TestApp;
afterEach(() => t?.close());

async function pushes(t: TestApp, needle: string) {
  const names = new Map((await t.stores.people.list()).map((p) => [p.id, p.name]));
  return (await outbox(t)).filter((r) => r.text.includes(needle)).map((r) => names.get(r.personId!) ?? r.recipient);
}

describe('handover at the end of a shift', () => {
  it('reminds the outgoing guard, alerts the lead once 15 minutes after the end, and not for one who handed over', async () => {
    t = await twoProperties();
    await importRoster(t, ['2026-11-23,早班,吕刚,保安,阳光花园', '2026-11-23,中班,施勇,保安,阳光花园', '2026-11-23,早班,孟工,工程,阳光花园']);
    await runAt(t, shiftHandover, '15:49');
    expect(await pushes(t, '【交班提醒】')).toEqual([]);
    await runAt(t, shiftHandover, '15:50');
    await runAt(t, shiftHandover, '15:55');
    // Both 早班 workers are reminded once each.
    expect((await pushes(t, '【交班提醒】')).sort()).toEqual(['吕刚', '孟工'].sort());

    t.clock.set(at('15:58'));
    expect(await sayIn(t, '孟工', '交班 工程早班正常')).toContain('已提交交班#1');
    for (const hhmm of ['16:10', '16:15', '16:16', '16:40']) await runAt(t, shiftHandover, hhmm);
    const missed = await pushes(t, '【未交班】');
    expect(missed).toEqual(['褚军']);
    const text = (await outbox(t)).find((r) => r.text.includes('【未交班】'))!.text;
    expect(text).toContain('保安组 吕刚 的早班（08:00-16:00）已结束15分钟');
  });

  it('接班 is checked against the roster: the rostered colleague may, another guard may not, the lead may with a note', async () => {
    t = await twoProperties();
    await t.stores.people.create({ name: '卫东', role: 'staff', team: '保安', phone: null }).then((p) => t.stores.properties.setServed(p.id, [1]));
    await importRoster(t, ['2026-11-23,早班,吕刚,保安,阳光花园', '2026-11-23,中班,施勇,保安,阳光花园']);
    t.clock.set(at('15:55'));
    expect(await sayIn(t, '吕刚', '交班 早班巡逻正常')).toContain('已提交交班#1');
    expect(await sayIn(t, '卫东', '接班')).toMatch(/按排班，保安组接下来由施勇值班（中班 16:00-24:00），您不在排班中，不能接班/);
    expect(await sayIn(t, '施勇', '接班')).toContain('已接班（交班#1，吕刚交出）');

    t.clock.set(at('23:55'));
    await sayIn(t, '施勇', '交班 中班正常');
    const lead = await sayIn(t, '褚军', '接班');
    expect(lead).toContain('已接班');
    expect(lead).toContain('以组长身份确认接班');
  });
});

describe('the desk during opening hours', () => {
  it('an unstaffed desk alerts the desk lead once per gap, and not where no roster is kept', async () => {
    t = await twoProperties();
    // 阳光花园 rosters its desk until 12:00 only; 翠湖苑 keeps no roster at all.
    await t.stores.roster.setPattern({ propertyId: 0, team: '客服', name: '早班', startMinute: 8 * 60 + 30, endMinute: 12 * 60 });
    await importRoster(t, ['2026-11-23,早班,严丽,客服,阳光花园', '2026-11-23,早班,吕刚,保安,阳光花园']);
    for (const hhmm of ['09:00', '11:59', '12:05', '12:10', '12:11', '12:30', '15:00']) await runAt(t, deskStaffing, hhmm);
    // Once, to the desk's lead at 阳光花园 and the company-wide desk lead (the demo 周敏 serves every property).
    expect((await pushes(t, '【前台无人值守】')).sort()).toEqual(['周敏', '苏梅'].sort());
    expect((await outbox(t)).find((r) => r.text.includes('【前台无人值守】'))!.text).toContain('【阳光花园】客服前台12:00起无人在岗');
    // A 中班 desk clerk 16:00–18:00 closes the gap; from 18:00 the desk is empty again: a new gap, a new alert.
    await t.stores.roster.setPattern({ propertyId: 0, team: '客服', name: '中班', startMinute: 16 * 60, endMinute: 18 * 60 });
    await importRoster(t, ['2026-11-23,早班,严丽,客服,阳光花园', '2026-11-23,早班,吕刚,保安,阳光花园', '2026-11-23,中班,苏梅,客服,阳光花园']);
    for (const hhmm of ['16:30', '17:59']) await runAt(t, deskStaffing, hhmm);
    expect(await pushes(t, '【前台无人值守】')).toHaveLength(2);
    for (const hhmm of ['18:15', '18:16', '19:50', '20:30']) await runAt(t, deskStaffing, hhmm);
    const alerts = (await outbox(t)).filter((r) => r.text.includes('【前台无人值守】')).map((r) => r.text.slice(0, 40));
    expect(alerts).toHaveLength(4);
    expect(alerts.slice(2).every((a) => a.includes('18:00起'))).toBe(true);
    // 翠湖苑 keeps no roster: never alerted.
    expect((await outbox(t)).some((r) => r.text.includes('【翠湖苑】'))).toBe(false);
  });
});
