// The roster CSV (docs/desk-rules.md#shifts): date,shift,name,team,project. Import resolves every line against the
// directory, the properties and the shift patterns, all or nothing; export writes the same columns.
import type { DutyConfig } from '../../config.js';
import type { Person, Property, RosterEntry, RosterEntryInput, Stores } from '../../store/index.js';
import { propertyNamed, serves } from '../properties.js';
import { shiftSpan, shiftsFor } from './shifts.js';
import { onDutyAt } from './duty.js';

export const ROSTER_HEADER = ['date', 'shift', 'name', 'team', 'project'] as const;

export interface RosterLine {
  /** Line number in the file. */
  n: number;
  fields: string[];
}

/** 2026-12-03, 2026/12/3 or 2026.12.3 → 2026-12-03; null when it is no real date. */
export function isoDate(s: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
}

type RosterStores = Pick<Stores, 'people' | 'properties' | 'roster'>;

/** Every line as an entry, or line-numbered errors in Chinese (then no entries). */
export async function resolveRoster(lines: readonly RosterLine[], stores: RosterStores, duty: Pick<DutyConfig, 'shifts'>, offset: number): Promise<{ entries: RosterEntryInput[]; errors: string[] }> {
  const properties = await stores.properties.list();
  const patterns = await stores.roster.patterns();
  const people = (await stores.people.list()).filter((p) => p.active && p.verified && p.role !== 'resident');
  const errors: string[] = [];
  const entries: RosterEntryInput[] = [];
  const seen = new Map<string, number>();
  for (const { n, fields } of lines) {
    if (fields.length !== ROSTER_HEADER.length) {
      errors.push(`第 ${n} 行：应有 ${ROSTER_HEADER.length} 列（${ROSTER_HEADER.join(',')}），实际 ${fields.length} 列`);
      continue;
    }
    const [dateRaw, shiftName, name, teamRaw, project] = fields as [string, string, string, string, string];
    const date = isoDate(dateRaw);
    if (!date) errors.push(`第 ${n} 行：日期「${dateRaw}」无效，应为 YYYY-MM-DD，例如 2026-12-03`);
    let property: Property | null = null;
    if (project) {
      property = propertyNamed(project, properties);
      if (!property) errors.push(`第 ${n} 行：项目「${project}」不存在，现有项目：${properties.map((p) => p.name).join('、')}`);
    } else if (properties.length === 1) property = properties[0]!;
    else errors.push(`第 ${n} 行：项目不能为空（现有项目：${properties.map((p) => p.name).join('、')}）`);
    const named: Person[] = /^\d+$/.test(name) ? people.filter((p) => p.id === Number(name)) : people.filter((p) => p.name === name);
    if (!named.length) errors.push(`第 ${n} 行：人员名单中没有在职员工「${name}」`);
    else if (named.length > 1) errors.push(`第 ${n} 行：有 ${named.length} 位「${name}」，请改填人员编号（${named.map((p) => p.id).join('、')}）`);
    const person = named.length === 1 ? named[0]! : null;
    const team = teamRaw || person?.team || '';
    if (person && !team) errors.push(`第 ${n} 行：${name}没有组别，请填写 team 列`);
    if (person && property && !serves(person, property.id)) errors.push(`第 ${n} 行：${name}不在项目「${property.name}」任职（见人员名单的 project 列）`);
    if (!date || !property || !person || !team) continue;
    const shifts = shiftsFor(duty.shifts, patterns, property.id, team);
    const shift = shifts.find((s) => s.name === shiftName);
    if (!shift) {
      errors.push(`第 ${n} 行：班次「${shiftName}」无效，${property.name}${team}组的班次为 ${shifts.map((s) => s.name).join('、')}`);
      continue;
    }
    const key = `${property.id}|${team}|${date}|${shift.name}|${person.id}`;
    if (seen.has(key)) errors.push(`第 ${n} 行：与第 ${seen.get(key)} 行重复`);
    seen.set(key, n);
    entries.push({ propertyId: property.id, team, personId: person.id, date, shift: shift.name, ...shiftSpan(date, shift, offset), kind: 'shift', coversPersonId: null, source: 'import', changeId: null });
  }
  if (!errors.length && !entries.length) errors.push('文件中没有数据行');
  return errors.length ? { entries: [], errors } : { entries, errors };
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The effective roster of [from, to] (local dates) as CSV: who works each shift after approved swaps; stand-ins
 * (顶岗) are left out, being hours inside a shift.
 */
export async function exportRoster(stores: RosterStores, from: string, to: string, offset: number, propertyId?: number): Promise<string> {
  const start = new Date(Date.parse(`${from}T00:00:00Z`) - offset * 60_000 - 86_400_000);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) - offset * 60_000 + 2 * 86_400_000);
  const all = (await stores.roster.between(start, end, propertyId !== undefined ? { propertyId } : {})).filter((e) => e.date >= from && e.date <= to && e.kind !== 'cover');
  const swappedOut = new Set(all.filter((e) => e.kind === 'swap').map((e) => `${e.propertyId}|${e.team}|${e.date}|${e.shift}|${e.coversPersonId}`));
  const kept = all.filter((e: RosterEntry) => e.kind === 'swap' || !swappedOut.has(`${e.propertyId}|${e.team}|${e.date}|${e.shift}|${e.personId}`));
  const names = new Map((await stores.people.byIds([...new Set(kept.map((e) => e.personId))])).map((p) => [p.id, p.name]));
  const props = new Map((await stores.properties.list()).map((p) => [p.id, p.name]));
  kept.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.team.localeCompare(b.team) || a.personId - b.personId);
  const rows = kept.map((e) => [e.date, e.shift, names.get(e.personId) ?? String(e.personId), e.team, props.get(e.propertyId) ?? ''].map(csvField).join(','));
  return [ROSTER_HEADER.join(','), ...rows].join('\n') + '\n';
}

