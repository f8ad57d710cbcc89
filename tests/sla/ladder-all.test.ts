// Every kind of clock walked through its whole ladder with an injected clock: each level fires once,
// to the right people, and nothing fires twice however often the sweep runs.
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { levelTimes } from '../../src/handlers/sla/ladder.js';
import { jobContext } from '../../src/scheduler.js';
import type { ClockName } from '../../src/store/index.js';
import { buildTestApp, say, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('every clock climbs warning → breach → supervisor → manager', () => {
  it('repair response/arrival/resolve/follow-up, complaint reply, leave approval, handover confirmation, drill', async () => {
    t = await buildTestApp();
    const app = t;
    const ok = async (who: string, text: string, expected: RegExp, group = false) => expect(await say(app, who, text, group)).toMatch(expected);
    await ok('王芳', '报修 3栋2单元1502 厨房水管漏水', /报修#1/); // response + resolve
    await ok('王芳', '报修 5栋1单元301 灯不亮', /报修#2/);
    await ok('张伟', '接单 #2', /接单/); // arrival
    await ok('王芳', '投诉 7栋1单元803 楼道垃圾三天没人清理', /投诉#3/); // complaint reply
    await ok('王芳', '报修 6栋2单元602 门锁坏了', /报修#4/);
    await ok('张伟', '接单 #4', /接单/);
    await ok('张伟', '到场 #4', /到场/);
    await ok('张伟', '完工 #4 更换门锁', /完工/); // follow-up (working days)
    await ok('张伟', '请假 明天 事假 家里有事', /请假#1/); // approval
    await ok('张伟', '交班 夜班巡逻4次 一切正常', /交班#1/, true); // confirm
    await ok('赵强', '演练 新增 2026-11-24 15:00 3号楼 消防疏散演练', /演练#1/); // drill due

    const clocks = await app.prisma.slaClock.findMany({ where: { active: true } });
    const kinds = new Set(clocks.map((c) => `${c.itemType}:${c.clock}`));
    for (const k of ['ticket:response', 'ticket:arrival', 'ticket:resolve', 'ticket:followup', 'leave:approval', 'handover:confirm', 'drill:due']) expect(kinds).toContain(k);

    const levels = app.config.sla.levels;
    const times = [...new Set(clocks.flatMap((c) => levelTimes({ clock: c.clock as ClockName, startedAt: c.startedAt, dueAt: c.dueAt }, levels)).filter((d): d is Date => d !== null).map((d) => d.getTime()))].sort((a, b) => a - b);
    for (const at of times) {
      await slaSweep.run(jobContext(app.runtime, new Date(at)));
      await slaSweep.run(jobContext(app.runtime, new Date(at + MINUTE))); // a second run in the same minute adds nothing
    }

    const people = new Map((await app.stores.people.list()).map((p) => [p.id, p.name]));
    const rows = await app.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'sla:' } } });
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
    for (const c of clocks) {
      const mine = rows.filter((r) => r.dedupeKey.startsWith(`sla:${c.itemType}:${c.itemId}:${c.clock}:`));
      const fired = [...new Set(mine.map((r) => Number(/:L(\d):/.exec(r.dedupeKey)![1])))].sort();
      expect({ clock: `${c.itemType}:${c.itemId}:${c.clock}`, fired }).toEqual({ clock: `${c.itemType}:${c.itemId}:${c.clock}`, fired: c.clock === 'due' ? [1, 2, 3] : [0, 1, 2, 3] });
      const to = (level: number) => mine.filter((r) => r.dedupeKey.includes(`:L${level}:`)).map((r) => (r.personId ? people.get(r.personId) : '值班群'));
      expect(to(2)).toEqual(['陈静']); // the (only) supervisor
      expect(to(3)).toEqual(['刘洋']); // the manager
      for (const r of mine) expect(r.text).toMatch(/👉 /);
    }
  }, 60_000);
});
