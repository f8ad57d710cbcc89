// Outbox sender tests against the fake platforms: link demo people to platform accounts, queue pushes the way
// the handlers do (through the NotifyRouter), and run the sender job as of a time on the app's clock.
import { outboxSend } from '../../src/handlers/jobs/outbox-send.js';
import { jobContext } from '../../src/scheduler.js';
import type { TestApp } from '../helpers/app.js';

/** Demo people (src/store/seed.ts) by number. */
export const WANG_FANG = 1; // resident
export const LI_NA = 2;
export const ZHANG_WEI = 3;
export const ZHAO_QIANG = 5;
export const LIU_YANG = 8; // manager

export async function link(t: TestApp, personId: number, provider: string, externalId: string): Promise<void> {
  await t.prisma.personAccount.create({ data: { personId, provider, externalId } });
}

/** Queues one push per text to the person, dedupe keys `<prefix>:<i>`; returns how many rows were queued. */
export async function queue(t: TestApp, personId: number, texts: string[], prefix = `test:p${personId}`): Promise<number> {
  const person = await t.stores.people.byId(personId);
  const rows = texts.flatMap((text, i) => t.runtime.notifyRouter.rowsFor({ to: { kind: 'person', personId }, message: { text }, dedupeKey: `${prefix}:${i}` }, t.clock.now(), person));
  return t.stores.outbox.enqueue(rows);
}

/** Queues duty-group pushes (one row per group channel the sender job delivers; the console's are left out). */
export async function queueGroup(t: TestApp, texts: string[], prefix = 'test:group'): Promise<number> {
  const rows = texts.flatMap((text, i) => t.runtime.notifyRouter.rowsFor({ to: { kind: 'duty-group' }, message: { text }, dedupeKey: `${prefix}:${i}` }, t.clock.now(), null));
  return t.stores.outbox.enqueue(rows.filter((r) => !t.runtime.outboxChannels.isPulled(r.channel)));
}

/** Runs the sender as of `at`, with the app's clock (the adapters' limiters, the fakes' clocks) moved there too. */
export function runSender(t: TestApp, at: Date | number): Promise<Record<string, number>> {
  const when = new Date(at);
  t.clock.set(when);
  return outboxSend.run(jobContext(t.runtime, when)) as Promise<Record<string, number>>;
}

export const statuses = async (t: TestApp) => (await t.stores.outbox.list()).map((r) => r.status);
