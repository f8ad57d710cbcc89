// Shared helpers for the drill tests.
import type { Job } from '../../src/handlers/jobs/types.js';
import { jobContext } from '../../src/scheduler.js';
import { say, type TestApp } from '../helpers/app.js';
import { expectRefusal } from '../helpers/assertions.js';

export const drillRow = (t: TestApp, id: number) => t.prisma.drill.findUniqueOrThrow({ where: { id } });
export const drills = (t: TestApp) => t.prisma.drill.findMany({ orderBy: { id: 'asc' } });
export const outbox = (t: TestApp) => t.prisma.outbox.findMany({ orderBy: { id: 'asc' } });
export const clockOf = (t: TestApp, id: number) => t.prisma.slaClock.findFirst({ where: { itemType: 'drill', itemId: id, clock: 'due' } });

export const runJob = (t: TestApp, job: Job, now: string | Date) => job.run(jobContext(t.runtime, new Date(now)));

/** Everything the drill commands may change. */
export async function snapshot(t: TestApp) {
  return { drills: await drills(t), outbox: await outbox(t), clocks: await t.prisma.slaClock.findMany({ orderBy: { id: 'asc' } }) };
}

/** Sends the message and asserts it was refused politely (reply matches) and changed nothing. */
export const expectRefused = (t: TestApp, who: string, text: string, reply: RegExp): Promise<string> => expectRefusal(t, snapshot, who, text, reply);

/** Creates a drill as `who` and returns its number. */
export async function newDrill(t: TestApp, text = '演练 新增 2026-12-01 15:00 3号楼 消防疏散演练', who = '赵强'): Promise<number> {
  const r = await say(t, who, text);
  const m = /已登记演练#(\d+)/.exec(r);
  if (!m) throw new Error(`no drill number in reply: ${r}`);
  return Number(m[1]);
}

/** A drill planned by 赵强 and recorded by him at `doneAt` with 总结 正常: its number and the reply to the record. */
export async function planAndRecord(t: TestApp, plan: string, doneAt: string): Promise<{ id: number; reply: string }> {
  const id = await newDrill(t, plan);
  t.clock.set(doneAt);
  return { id, reply: await say(t, '赵强', `演练 完成 #${id} 总结 正常`) };
}
