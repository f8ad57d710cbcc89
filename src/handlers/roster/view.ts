// Reading the roster for replies: 值班 (who is on duty now) and 排班 (the week's roster), for one property.
import { DAY, formatLocal, localDate } from '../../clock.js';
import type { Person, Property, RosterEntry, Stores } from '../../store/index.js';
import { dutyLabel, onDutyAt } from './duty.js';
import { clockTime } from './shifts.js';

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export const dayLabel = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日${WEEKDAY_ZH[d.getUTCDay()]}`;
};

async function namesOf(stores: Pick<Stores, 'people'>, entries: readonly RosterEntry[]): Promise<Map<number, Person>> {
  const ids = [...new Set(entries.flatMap((e) => [e.personId, ...(e.coversPersonId ? [e.coversPersonId] : [])]))];
  return new Map((await stores.people.byIds(ids)).map((p) => [p.id, p]));
}

/** 值班: the people on duty now at the property, by team, with their shift and its hours. */
export async function dutyNow(stores: Pick<Stores, 'people' | 'roster'>, property: Property, now: Date, offset: number, tag: string): Promise<string> {
  const around = await stores.roster.between(new Date(now.getTime() - DAY), new Date(now.getTime() + DAY), { propertyId: property.id });
  const at = formatLocal(now, offset);
  if (!around.length) return `${tag}还没有排班（${at}）。请管理员导入排班表：npm run cli -- roster import 排班.csv（表头 date,shift,name,team,project）。`;
  const duty = onDutyAt(around, now);
  const names = await namesOf(stores, around);
  const teams = [...new Set(around.map((e) => e.team))].sort();
  const lines = teams.map((team) => {
    const mine = duty.filter((e) => e.team === team);
    const who = mine.map((e) => `${dutyLabel(e, names)}（${e.kind === 'cover' ? '顶岗' : e.shift} ${clockTime(e.startsAt, offset)}-${clockTime(e.endsAt, offset, true)}）`);
    return `${team}：${who.length ? who.join('、') : '现在无人值班'}`;
  });
  return [`${tag}现在值班（${at}）：`, ...lines].join('\n');
}

/** 排班 本周: each day, each shift, who (by team). */
export async function rosterDays(stores: Pick<Stores, 'people' | 'roster'>, property: Property, days: readonly string[], offset: number, tag: string, team?: string): Promise<string> {
  if (!days.length) return '';
  const from = new Date(Date.parse(`${days[0]}T00:00:00Z`) - offset * 60_000 - DAY);
  const to = new Date(Date.parse(`${days.at(-1)}T00:00:00Z`) - offset * 60_000 + 2 * DAY);
  const entries = (await stores.roster.between(from, to, { propertyId: property.id, ...(team ? { team } : {}) })).filter((e) => days.includes(e.date));
  const range = days.length > 1 ? `${dayLabel(days[0]!)}至${dayLabel(days.at(-1)!)}` : dayLabel(days[0]!);
  if (!entries.length) return `${tag}${team ? `${team}组` : ''}${range}没有排班。导入排班表：npm run cli -- roster import 排班.csv`;
  const names = await namesOf(stores, entries);
  const out = [`${tag}${team ? `${team}组` : ''}排班（${range}）：`];
  for (const date of days) {
    const today = entries.filter((e) => e.date === date);
    if (!today.length) continue;
    out.push(`${dayLabel(date)}`);
    const shifts = [...new Map(today.filter((e) => e.kind !== 'cover').map((e) => [e.shift, e.startsAt.getTime()])).entries()].sort((a, b) => a[1] - b[1]);
    for (const [shift] of shifts) {
      const inShift = today.filter((e) => e.shift === shift && e.kind !== 'cover');
      const swappedOut = new Set(inShift.filter((e) => e.kind === 'swap').map((e) => `${e.team}|${e.coversPersonId}`));
      const byTeam = new Map<string, string[]>();
      for (const e of inShift) {
        if (e.kind === 'shift' && swappedOut.has(`${e.team}|${e.personId}`)) continue;
        byTeam.set(e.team, [...(byTeam.get(e.team) ?? []), dutyLabel(e, names)]);
      }
      const first = inShift[0]!;
      out.push(`  ${shift} ${clockTime(first.startsAt, offset)}-${clockTime(first.endsAt, offset, true)}：${[...byTeam].map(([t, ns]) => `${t} ${ns.join('、')}`).join('；')}`);
    }
    for (const c of today.filter((e) => e.kind === 'cover')) out.push(`  顶岗 ${clockTime(c.startsAt, offset)}-${clockTime(c.endsAt, offset, true)}：${c.team} ${dutyLabel(c, names)}`);
  }
  return out.join('\n');
}
