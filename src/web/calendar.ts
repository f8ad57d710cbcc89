// 日程 (请假、交接班、演练与巡查、排班): one week, day by day, within the viewer's scope. A simple list per day.
import type { FastifyInstance } from 'fastify';
import { DAY, fromLocal, localDate } from '../clock.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { LEAVE_STATUS_ZH, leaveLine } from '../handlers/leave/states.js';
import { patrolTitle } from '../handlers/patrol/kinds.js';
import { dayLabel } from '../handlers/roster/view.js';
import { clockTime } from '../handlers/roster/shifts.js';
import type { Person, Stores } from '../store/index.js';
import { esc, page } from './html.js';
import type { SignedIn } from './session.js';

const DRILL_STATUS_ZH: Record<string, string> = { open: '待完成', done: '已完成', replaced: '已替换' };
const PATROL_STATUS_ZH: Record<string, string> = { open: '进行中', done: '已完成', missed: '漏巡' };
const HANDOVER_STATUS_ZH: Record<string, string> = { pending: '待接班', confirmed: '已接班' };

/** Monday of the week that holds the local date. */
function monday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

export function calendarRoutes(app: FastifyInstance, deps: { stores: Stores; config: Config; clock: Clock; viewer(req: unknown): SignedIn }): void {
  const { stores, config, clock } = deps;
  const off = config.utcOffsetMinutes;

  app.get<{ Querystring: { week?: string } }>('/dashboard/calendar', async (req, reply) => {
    const v = deps.viewer(req);
    const s = v.scope;
    const today = localDate(clock.now(), off);
    const start = monday(/^\d{4}-\d{2}-\d{2}$/.test(req.query.week ?? '') ? req.query.week! : today);
    const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
    const from = fromLocal(start, '00:00', off);
    const to = new Date(from.getTime() + 7 * DAY);
    const people = new Map((await stores.people.list()).map((p) => [p.id, p]));
    const name = (id: number | null) => (id == null ? '—' : (people.get(id)?.name ?? `#${id}`));
    const inProperty = (id: number) => !s.propertyIds || s.propertyIds.includes(id);
    const inTeam = (team: string | null) => !s.team || team === s.team;
    const mine = (...ids: Array<number | null>) => !s.personId || ids.includes(s.personId);
    const personVisible = (p: Person | undefined) => !!p && (!s.team || p.team === s.team) && mine(p.id);

    const roster = (await stores.roster.between(from, to)).filter((e) => inProperty(e.propertyId) && inTeam(e.team) && mine(e.personId, e.coversPersonId));
    const leave = (await stores.leave.byIds(await stores.dashboard.leaveIdsOverlapping(days[0]!, days[6]!))).filter((l) => personVisible(people.get(l.personId)));
    const handovers = (await stores.handovers.createdBetween(from, to)).filter((h) => inProperty(h.propertyId) && inTeam(h.team) && mine(h.outgoingId, h.incomingId));
    const drills = (await stores.drills.byIds(await stores.dashboard.drillIdsDueBetween(from, to))).filter((d) => inProperty(d.propertyId) && (!s.team || !d.team || d.team === s.team) && mine(d.ownerId, d.completedById));
    const patrols = s.personId || (s.team && s.team !== config.patrol.team) ? [] : (await stores.patrols.startingBetween(from, to)).filter((p) => inProperty(p.propertyId));

    const cell = (lines: string[]) => (lines.length ? lines.map((l) => `<div>${l}</div>`).join('') : '<span class="muted">—</span>');
    const rows = days
      .map((day) => {
        const on = (d: Date) => localDate(d, off) === day;
        const shifts = roster.filter((e) => e.date === day).map((e) => `${esc(e.team)} ${esc(name(e.personId))} ${esc(e.kind === 'cover' ? '顶岗' : e.shift)} ${clockTime(e.startsAt, off)}-${clockTime(e.endsAt, off, true)}`);
        const away = leave.filter((l) => l.startDate <= day && day <= l.endDate).map((l) => `${esc(name(l.personId))} ${esc(leaveLine(l))} <span class="tag">${esc(LEAVE_STATUS_ZH[l.status])}</span>`);
        const hand = handovers.filter((h) => on(h.createdAt)).map((h) => `交班#${h.id} ${esc(h.team ?? '')} ${esc(name(h.outgoingId))} → ${esc(name(h.incomingId))} <span class="tag">${esc(HANDOVER_STATUS_ZH[h.status] ?? h.status)}</span>`);
        const tasks = [
          ...drills.filter((d) => on(d.dueAt)).map((d) => `演练#${d.id} ${clockTime(d.dueAt, off)} ${esc(d.title)} <span class="tag">${esc(DRILL_STATUS_ZH[d.status] ?? d.status)}</span>`),
          ...patrols.filter((p) => on(p.slotStart)).map((p) => `巡查#${p.id} ${clockTime(p.slotStart, off)} ${esc(patrolTitle(p.kind))} <span class="tag">${esc(PATROL_STATUS_ZH[p.status] ?? p.status)}</span>`),
        ];
        return `<tr${day === today ? ' style="background:#fffbeb"' : ''}><th>${esc(dayLabel(day))}</th><td>${cell(shifts)}</td><td>${cell(away)}</td><td>${cell(hand)}</td><td>${cell(tasks)}</td></tr>`;
      })
      .join('');
    const nav = `<p class="pager"><a href="/dashboard/calendar?week=${addDays(start, -7)}">上一周</a><a href="/dashboard/calendar">本周</a><a href="/dashboard/calendar?week=${addDays(start, 7)}">下一周</a></p>`;
    const body = `<h1>日程（${esc(dayLabel(days[0]!))}至${esc(dayLabel(days[6]!))}）</h1>${nav}
<table><thead><tr><th>日期</th><th>排班</th><th>请假</th><th>交接班</th><th>演练与巡查</th></tr></thead><tbody>${rows}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: '日程', viewer: v, path: '/dashboard/calendar', body }));
  });
}
