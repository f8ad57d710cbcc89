// Two properties side by side: groups bound to each, items belonging to the group's property, and an overdue item
// alerting whoever of the team is on duty at that property — across a shift boundary.
import { afterEach, describe, expect, it } from 'vitest';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { consoleAuth, type TestApp } from '../helpers/app.js';
import { outbox } from '../workflows/util.js';
import { at, importRoster, rosterRows, runAt, sayIn, twoProperties } from './util.js';

let t: TestApp;
afterEach(() => t?.close());

const ROSTER = rosterRows('engineers.csv');

describe('properties', () => {
  it('a group bound by a lead puts its items in that property; pushes go to that group only', async () => {
    t = await twoProperties();
    expect(await sayIn(t, '苏梅', '绑定 项目 阳光花园', '阳光花园群')).toContain('已将本群绑定到项目「阳光花园」');
    expect(await sayIn(t, '魏霞', '绑定 项目 翠湖', '翠湖苑群')).toContain('「翠湖苑」');
    expect(await sayIn(t, '魏霞', '绑定 项目 翠湖苑', '翠湖苑群')).toContain('无需重复绑定');
    expect(await sayIn(t, '张伟', '绑定 项目 阳光花园', '阳光花园群')).toContain('组长、主管或经理');
    expect(await sayIn(t, '苏梅', '绑定 项目 阳光花园')).toContain('私聊不能绑定');
    expect(await sayIn(t, '苏梅', '绑定 项目 星河湾', '阳光花园群')).toMatch(/没有名为「星河湾」的项目。现有项目：阳光花园、翠湖苑/);

    expect(await sayIn(t, '严丽', '报修 3栋2单元1502 厨房水管漏水', '阳光花园群')).toContain('报修#1');
    expect(await sayIn(t, '魏霞', '报修 5栋101 门禁坏了', '翠湖苑群')).toContain('报修#2');
    const [one, two] = await t.prisma.ticket.findMany({ orderBy: { id: 'asc' } });
    const props = new Map((await t.stores.properties.list()).map((p) => [p.name, p.id]));
    expect(one!.propertyId).toBe(props.get('阳光花园'));
    expect(two!.propertyId).toBe(props.get('翠湖苑'));

    const groupRows = (await outbox(t)).filter((r) => r.channel === 'console-group');
    expect(groupRows.filter((r) => r.text.includes('报修#1')).map((r) => r.recipient)).toEqual(['console-group:阳光花园群']);
    expect(groupRows.filter((r) => r.text.includes('报修#2')).map((r) => r.recipient)).toEqual(['console-group:翠湖苑群']);

    // In the console, as in a real chat, a bound group's pushes reach the people who serve its property.
    const inbox = async (name: string) => {
      const id = (await t.stores.people.find(name))!.id;
      const res = await t.app.inject({ url: `/console/api/inbox?as=${id}`, headers: consoleAuth(t) });
      return (res.json() as Array<{ text: string; group: string | null }>).filter((m) => m.group).map((m) => m.group);
    };
    expect(await inbox('韩工')).toEqual(['翠湖苑群']);
    expect(await inbox('孟工')).toEqual(['阳光花园群']);
    expect(await inbox('赵强')).toEqual(['阳光花园群', '翠湖苑群']);
  });

  it('a resident is placed by the address they give; an unplaced item goes to the first property', async () => {
    t = await twoProperties();
    await sayIn(t, '王芳', '翠湖苑5栋101 卫生间漏水');
    await sayIn(t, '王芳', '3栋2单元 楼道灯不亮');
    const [a, b] = await t.prisma.ticket.findMany({ orderBy: { id: 'asc' } });
    const props = new Map((await t.stores.properties.list()).map((p) => [p.name, p.id]));
    expect([a!.propertyId, b!.propertyId]).toEqual([props.get('翠湖苑'), props.get('阳光花园')]);
    // Unbound groups post to the default group with the property's name in front.
    const group = (await outbox(t)).filter((r) => r.channel === 'console-group' && r.text.includes('报修#1'));
    expect(group.map((r) => [r.recipient, r.text.startsWith('【翠湖苑】')])).toEqual([['default', true]]);
  });

  it('one property: nothing changes (no names, the one duty group)', async () => {
    const { buildTestApp } = await import('../helpers/app.js');
    t = await buildTestApp();
    expect((await t.stores.properties.list()).map((p) => p.id)).toEqual([1]);
    await sayIn(t, '李娜', '报修 3栋2单元1502 厨房水管漏水', '值班群');
    const group = (await outbox(t)).filter((r) => r.channel === 'console-group');
    expect(group.map((r) => [r.recipient, r.text.startsWith('【新报修】')])).toEqual([['default', true]]);
  });
});

describe('alerts go to whoever is on duty, per property', () => {
  it("across the 16:00 shift boundary each property's overdue repair alerts its 中班 engineer, once", async () => {
    t = await twoProperties();
    await importRoster(t, ROSTER);
    await sayIn(t, '苏梅', '绑定 项目 阳光花园', '阳光花园群');
    await sayIn(t, '魏霞', '绑定 项目 翠湖苑', '翠湖苑群');
    t.clock.set(at('15:40'));
    await sayIn(t, '严丽', '报修 3栋2单元1502 厨房水管漏水', '阳光花园群');
    await sayIn(t, '魏霞', '报修 5栋101 门禁坏了', '翠湖苑群');

    // 30-minute response deadline: the first alert (80%) comes at 16:04, after the boundary.
    await runAt(t, slaSweep, '16:05');
    await runAt(t, slaSweep, '16:06');
    const people = new Map((await t.stores.people.list()).map((p) => [p.id, p.name]));
    const level0 = (await outbox(t)).filter((r) => /^sla:ticket:\d+:response:.*:L0:/.test(r.dedupeKey));
    const byTicket = (id: number) => level0.filter((r) => r.dedupeKey.startsWith(`sla:ticket:${id}:`)).map((r) => (r.personId ? people.get(r.personId) : r.recipient));
    expect(byTicket(1)).toEqual(['钱工']);
    expect(byTicket(2)).toEqual(['冯工']);

    // Before the boundary the 早班 engineer would have been told: the same roster, an earlier sweep.
    await t.close();
    t = await twoProperties();
    await importRoster(t, ROSTER);
    t.clock.set(at('15:10'));
    await sayIn(t, '严丽', '报修 阳光花园3栋 楼道灯不亮');
    await runAt(t, slaSweep, '15:35');
    const early = (await outbox(t)).filter((r) => /:L0:/.test(r.dedupeKey));
    const names = new Map((await t.stores.people.list()).map((p) => [p.id, p.name]));
    expect(early.map((r) => names.get(r.personId!))).toEqual(['孟工']);
  });
});
