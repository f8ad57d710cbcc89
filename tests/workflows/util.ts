// Shared helpers for the workflow tests: DB reads and a "nothing changed" snapshot.
import { say, type TestApp } from '../helpers/app.js';
import { expectRefusal } from '../helpers/assertions.js';

export const idOf = async (t: TestApp, name: string): Promise<number> => (await t.stores.people.find(name))!.id;

export const ticketRow = (t: TestApp, id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
export const eventsOf = (t: TestApp, id: number) => t.prisma.ticketEvent.findMany({ where: { ticketId: id }, orderBy: { id: 'asc' } });
export const leaveRow = (t: TestApp, id: number) => t.prisma.leaveRequest.findUniqueOrThrow({ where: { id } });

/** Outbox rows (all channels), oldest first. */
export const outbox = (t: TestApp) => t.prisma.outbox.findMany({ orderBy: { id: 'asc' } });

/** Pushes addressed to one person. */
export async function pushesTo(t: TestApp, name: string) {
  const id = await idOf(t, name);
  return (await outbox(t)).filter((r) => r.personId === id);
}

/** Pushes to the duty group. */
export async function groupPushes(t: TestApp) {
  return (await outbox(t)).filter((r) => r.channel === 'console-group');
}

/** Everything a workflow may change (inbound rows excluded: every message is recorded). */
export async function snapshot(t: TestApp) {
  const p = t.prisma;
  return {
    tickets: await p.ticket.findMany({ orderBy: { id: 'asc' } }),
    events: await p.ticketEvent.findMany({ orderBy: { id: 'asc' } }),
    leave: await p.leaveRequest.findMany({ orderBy: { id: 'asc' } }),
    handovers: await p.handover.findMany({ orderBy: { id: 'asc' }, include: { items: true } }),
    outbox: await p.outbox.findMany({ orderBy: { id: 'asc' } }),
    clocks: await p.slaClock.findMany({ orderBy: { id: 'asc' } }),
  };
}

/** Sends the message and asserts it was refused politely (reply matches) and changed nothing. */
export const expectRefused = (t: TestApp, who: string, text: string, reply: RegExp): Promise<string> => expectRefusal(t, snapshot, who, text, reply);

/** Creates a repair as `who` and returns its number. */
export async function newRepair(t: TestApp, who = '李娜', text = '报修 3栋2单元1502 厨房水管漏水'): Promise<number> {
  const r = await say(t, who, text);
  const m = /报修#(\d+)/.exec(r);
  if (!m) throw new Error(`no ticket number in reply: ${r}`);
  return Number(m[1]);
}

/** Creates a complaint as `who` and returns its number. */
export async function newComplaint(t: TestApp, who = '王芳', text = '投诉 7栋1单元803 楼道垃圾三天没人清理'): Promise<number> {
  const r = await say(t, who, text);
  const m = /投诉#(\d+)/.exec(r);
  if (!m) throw new Error(`no complaint number in reply: ${r}`);
  return Number(m[1]);
}
