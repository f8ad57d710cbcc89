// Shared helpers for the desk-rule scenarios: the demo desk plus a 保安 lead, and reading the outbox by person.
import { MINUTE } from '../../src/clock.js';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { jobContext } from '../../src/scheduler.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { idOf, outbox } from '../workflows/util.js';

/** The demo people plus 钱峰 (保安 lead) and 吴刚 (保安 staff). */
export async function deskApp(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await buildTestApp({ env });
  await t.stores.people.create({ name: '钱峰', role: 'lead', team: '保安', phone: null });
  await t.stores.people.create({ name: '吴刚', role: 'staff', team: '保安', phone: null });
  return t;
}

/** Names of the people who received pushes whose text contains `needle` (each name once, in order). */
export async function told(t: TestApp, needle: string | RegExp): Promise<string[]> {
  const people = new Map((await t.stores.people.list()).map((p) => [p.id, p.name]));
  const names = (await outbox(t)).filter((r) => r.personId !== null && (typeof needle === 'string' ? r.text.includes(needle) : needle.test(r.text))).map((r) => people.get(r.personId!)!);
  return [...new Set(names)];
}

/** History of a ticket: [action, note] pairs. */
export async function history(t: TestApp, id: number): Promise<Array<[string, string | null]>> {
  return (await t.prisma.ticketEvent.findMany({ where: { ticketId: id }, orderBy: { id: 'asc' } })).map((e) => [e.action, e.note]);
}

export const sweepAt = (t: TestApp, minutesFromNow: number) => slaSweep.run(jobContext(t.runtime, new Date(t.clock.now().getTime() + minutesFromNow * MINUTE)));
export { idOf };
