// The leave scenarios (#13) through the chat: the demo people (张伟 工程 staff, 孙磊 保安 staff without a lead, 赵强 工程
// lead, 周敏 客服 lead, 陈静 客服 supervisor, 刘洋 the only manager), a fixed clock, and the jobs run by hand.
import { consoleMessage } from '../../src/bot/console/plugin.js';
import { finalReply } from '../../src/bot/channel.js';
import { dailyDigest } from '../../src/handlers/jobs/daily-digest.js';
import { slaSweep } from '../../src/handlers/jobs/sla-sweep.js';
import { fixedClock } from '../../src/clock.js';
import { jobContext } from '../../src/scheduler.js';
import { closeAfterEach } from '../helpers/cleanup.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { idOf } from '../workflows/util.js';

export { idOf, leaveRow, outbox, pushesTo } from '../workflows/util.js';
export { say } from '../helpers/app.js';

const closeLater = closeAfterEach();

/** An app whose clock starts at `at` (Asia/Shanghai). */
export const start = async (at: string, env: Record<string, string> = {}): Promise<TestApp> => closeLater(await buildTestApp({ clock: fixedClock(at), env }));

export const sweep = (t: TestApp, at?: string) => slaSweep.run(jobContext(t.runtime, at ? new Date(at) : t.clock.now())) as Promise<{ alerts: number; queued: number }>;
export const digests = async (t: TestApp, at: string) => {
  await dailyDigest.run(jobContext(t.runtime, new Date(at)));
  return (await t.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'digest:' } }, orderBy: { id: 'asc' } })).map((r) => ({ personId: r.personId, text: r.text }));
};

/** The digest one person got (undefined: none). */
export async function digestOf(t: TestApp, rows: Array<{ personId: number | null; text: string }>, name: string) {
  const id = await idOf(t, name);
  return rows.find((r) => r.personId === id)?.text;
}

/** SLA alert rows about leave, with the recipient's name. */
export async function leaveAlerts(t: TestApp) {
  const names = new Map((await t.stores.people.list()).map((p) => [p.id, p.name]));
  const rows = await t.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: 'sla:leave:' } }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({ to: r.personId ? names.get(r.personId) : '值班群', status: r.status, text: r.text, key: r.dedupeKey }));
}

/** A message with photos (image refs as a platform would give them), from one person; resolves with the reply. */
export async function sendPhotos(t: TestApp, who: string, text: string, ...refs: string[]): Promise<string> {
  const msg = consoleMessage(await idOf(t, who), text, false, t.clock.now());
  const reply = await finalReply(await t.runtime.dispatcher.handle({ ...msg, attachments: refs.map((ref) => ({ kind: 'image' as const, ref })) }));
  return reply?.text ?? '';
}
