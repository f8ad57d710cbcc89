// Each property (项目) keeps its own safety tasks and patrols: default drills per property, announced in that
// property's group; patrol rounds per property, reminded to the guards the roster has on shift there (else the
// guards who serve the property), missed rounds alerted to that property's security lead.
import { afterEach, describe, expect, it } from 'vitest';
import { DRILL_DEFAULTS } from '../../src/handlers/drill/defaults.js';
import { dailyDigest } from '../../src/handlers/jobs/daily-digest.js';
import { drillDefaults } from '../../src/handlers/jobs/drill-defaults.js';
import { patrolRounds } from '../../src/handlers/jobs/patrol-rounds.js';
import type { TestApp } from '../helpers/app.js';
import { importRoster, runAt, sayIn, twoProperties } from './util.js';

let t: TestApp;
afterEach(async () => t?.close());

const outbox = () => t.prisma.outbox.findMany({ orderBy: { id: 'asc' } });
const propertyId = async (name: string) => (await t.stores.properties.byName(name))!.id;
async function textsOf(name: string, prefix: string): Promise<string[]> {
  const id = (await t.stores.people.find(name))!.id;
  return (await outbox()).filter((r) => r.personId === id && r.dedupeKey.startsWith(prefix)).map((r) => r.text);
}

describe('drills per property', () => {
  it('schedules the default tasks once per property and tells each property its own', async () => {
    t = await twoProperties();
    await sayIn(t, '苏梅', '绑定 项目 阳光花园', '阳光花园群');
    await sayIn(t, '魏霞', '绑定 项目 翠湖苑', '翠湖苑群');
    expect(await runAt(t, drillDefaults, '00:05')).toEqual({ created: 2 * DRILL_DEFAULTS.length });
    expect(await runAt(t, drillDefaults, '00:05', '2026-11-24')).toEqual({ created: 0 });
    const drills = await t.prisma.drill.findMany();
    const [sun, lake] = [await propertyId('阳光花园'), await propertyId('翠湖苑')];
    expect(drills.filter((d) => d.propertyId === sun)).toHaveLength(DRILL_DEFAULTS.length);
    expect(drills.filter((d) => d.propertyId === lake)).toHaveLength(DRILL_DEFAULTS.length);
    const notes = (await outbox()).filter((r) => r.dedupeKey.startsWith('drill-defaults'));
    expect(notes.map((r) => r.recipient).sort()).toEqual(['console-group:翠湖苑群', 'console-group:阳光花园群']);
    // 演练 列表 in a bound group lists that property's tasks only.
    const list = await sayIn(t, '褚军', '演练 列表', '阳光花园群');
    const ids = [...list.matchAll(/演练#(\d+)/g)].map((m) => Number(m[1]));
    expect(ids.length).toBe(DRILL_DEFAULTS.length);
    expect(ids.every((id) => drills.find((d) => d.id === id)!.propertyId === sun)).toBe(true);
  });

  it('a drill planned in a property group belongs to that property, and so does its next occurrence', async () => {
    t = await twoProperties();
    await sayIn(t, '魏霞', '绑定 项目 翠湖苑', '翠湖苑群');
    const reply = await sayIn(t, '魏霞', '演练 新增 2026-11-30 15:00 翠湖苑2号楼 消防疏散演练', '翠湖苑群');
    const id = Number(/演练#(\d+)/.exec(reply)![1]);
    const lake = await propertyId('翠湖苑');
    expect((await t.prisma.drill.findUnique({ where: { id } }))!.propertyId).toBe(lake);
    await sayIn(t, '魏霞', `演练 完成 #${id} 疏散顺利`, '翠湖苑群');
    const next = await t.prisma.drill.findFirst({ where: { previousId: id } });
    expect(next?.propertyId).toBe(lake);
  });
});

describe('patrol rounds per property', () => {
  it('opens a round at each property, reminds the rostered guard there, and alerts each property of its own missed round', async () => {
    t = await twoProperties();
    // At 阳光花园 only 吕刚 is on the morning shift; 翠湖苑 has no roster, so its guards (孙磊 serves every property) patrol.
    await importRoster(t, ['2026-11-23,早班,吕刚,保安,阳光花园', '2026-11-23,中班,施勇,保安,阳光花园']);
    t.clock.set(new Date('2026-11-23T10:05:00+08:00'));
    expect(await runAt(t, patrolRounds, '10:05')).toMatchObject({ opened: 2, missed: 0 });
    const rounds = await t.prisma.patrolRound.findMany({ orderBy: { id: 'asc' } });
    const [sun, lake] = [await propertyId('阳光花园'), await propertyId('翠湖苑')];
    expect(rounds.map((r) => r.propertyId).sort()).toEqual([sun, lake].sort());
    expect(await textsOf('吕刚', 'patrol:')).toEqual([expect.stringContaining('【阳光花园】')]);
    expect(await textsOf('施勇', 'patrol:')).toEqual([]);
    expect(await textsOf('孙磊', 'patrol:')).toEqual([expect.stringContaining('【翠湖苑】')]);

    // A round recorded at 阳光花园 leaves 翠湖苑's open; at 12:05 only 翠湖苑's is missed.
    const sunRound = rounds.find((r) => r.propertyId === sun)!;
    expect(await sayIn(t, '吕刚', `巡查 完成 #${sunRound.id} 正常`)).toContain('正常');
    t.clock.set(new Date('2026-11-23T12:05:00+08:00'));
    expect(await runAt(t, patrolRounds, '12:05')).toMatchObject({ missed: 1 });
    const missed = (await outbox()).filter((r) => r.dedupeKey.includes(':missed:'));
    // 翠湖苑 has no security lead: its supervisors hear of it; 阳光花园's lead (褚军) hears nothing.
    expect(await textsOf('褚军', 'patrol:')).toEqual([]);
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.every((r) => r.text.includes('漏巡'))).toBe(true);
    expect(await textsOf('陈静', 'patrol:')).toEqual([expect.stringContaining('漏巡')]);
  });
});

describe('the daily digest per property', () => {
  it('shows a lead the work of the properties they serve; a lead of every property sees both', async () => {
    t = await twoProperties();
    const jiang = await t.stores.people.create({ name: '蒋工', role: 'lead', team: '工程', phone: null });
    await t.stores.properties.setServed(jiang.id, [await propertyId('翠湖苑')]);
    await sayIn(t, '苏梅', '绑定 项目 阳光花园', '阳光花园群');
    await sayIn(t, '魏霞', '绑定 项目 翠湖苑', '翠湖苑群');
    const sunRef = /报修#\d+/.exec(await sayIn(t, '严丽', '报修 3栋2单元1502 厨房水管漏水', '阳光花园群'))![0];
    const lakeRef = /报修#\d+/.exec(await sayIn(t, '魏霞', '报修 8栋1单元301 卫生间漏水', '翠湖苑群'))![0];
    await runAt(t, dailyDigest, '18:00');
    const [jiangDigest] = await textsOf('蒋工', 'digest:');
    expect(jiangDigest).toContain(lakeRef);
    expect(jiangDigest).not.toContain(sunRef);
    const [zhaoDigest] = await textsOf('赵强', 'digest:');
    expect(zhaoDigest).toContain(lakeRef);
    expect(zhaoDigest).toContain(sunRef);
  });
});
