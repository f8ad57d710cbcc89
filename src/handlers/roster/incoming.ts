// 接班 checked against the roster (docs/desk-rules.md#shifts): where the team's shifts are rostered, the incoming
// person must be on duty now or start within the hour. A lead (or above) may confirm for the team; it is said.
import { clockTime } from './shifts.js';
import { HOUR, MINUTE } from '../../clock.js';
import type { Handover, Person } from '../../store/index.js';
import type { HandlerContext } from '../context.js';
import { asWorked, onDutyAt } from './duty.js';

/** How early the incoming person may confirm before their shift starts (they arrive 10 minutes early). */
const EARLY = 60 * MINUTE;


/** null: the roster agrees (or is not used for the team); else the refusal, or for a lead the note to add. */
export async function incomingCheck(ctx: HandlerContext, h: Handover, me: Person): Promise<{ refusal: string } | { note: string } | null> {
  if (!h.team) return null;
  const now = ctx.clock.now();
  const entries = asWorked(await ctx.stores.roster.between(new Date(now.getTime() - 12 * HOUR), new Date(now.getTime() + 12 * HOUR), { propertyId: h.propertyId, team: h.team }));
  if (!entries.length) return null;
  const mineNow = onDutyAt(entries, now).some((e) => e.personId === me.id);
  const upcoming = entries.filter((e) => e.kind !== 'cover' && e.startsAt > now && e.startsAt.getTime() - now.getTime() <= EARLY);
  if (mineNow || upcoming.some((e) => e.personId === me.id)) return null;
  const off = ctx.config.utcOffsetMinutes;
  const next = upcoming.length ? upcoming : onDutyAt(entries, now).filter((e) => e.personId !== h.outgoingId && e.kind !== 'cover');
  const names = new Map((await ctx.stores.people.byIds(next.map((e) => e.personId))).map((p) => [p.id, p.name]));
  const rostered = next.length ? `由${[...new Set(next.map((e) => names.get(e.personId) ?? `#${e.personId}`))].join('、')}值班（${next[0]!.shift} ${clockTime(next[0]!.startsAt, off)}-${clockTime(next[0]!.endsAt, off, true)}）` : '没有人排班';
  if (me.role !== 'staff') return { note: `按排班，${h.team}组接下来${rostered}，您以${me.role === 'lead' ? '组长' : '管理人员'}身份确认接班。` };
  return { refusal: `按排班，${h.team}组接下来${rostered}，您不在排班中，不能接班。如已换班，请先发送「换班 日期 班次 姓名」并经审批；也可请组长代为确认接班。` };
}
