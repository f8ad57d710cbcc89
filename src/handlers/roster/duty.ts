// Who is on duty at an instant: the roster's entries running then, less whoever a 换班 or 顶岗 stands in for.
import type { Person, RosterEntry } from '../../store/index.js';

const key = (propertyId: number, team: string, personId: number) => `${propertyId}|${team}|${personId}`;

/** The entries whose person is on duty at `at` (a stand-in replaces the person stood in for while it runs). */
export function onDutyAt(entries: readonly RosterEntry[], at: Date): RosterEntry[] {
  const running = entries.filter((e) => e.startsAt <= at && at < e.endsAt);
  const away = new Set(running.filter((e) => e.kind !== 'shift' && e.coversPersonId != null).map((e) => key(e.propertyId, e.team, e.coversPersonId!)));
  return running.filter((e) => !away.has(key(e.propertyId, e.team, e.personId)));
}

/** The entries as worked: a shift taken over by an approved 换班 counts for the colleague only. */
export function asWorked(entries: readonly RosterEntry[]): RosterEntry[] {
  const slot = (e: RosterEntry) => `${e.propertyId}|${e.team}|${e.date}|${e.shift}`;
  const out = new Set(entries.filter((e) => e.kind === 'swap').map((e) => `${slot(e)}|${e.coversPersonId}`));
  return entries.filter((e) => !(e.kind === 'shift' && out.has(`${slot(e)}|${e.personId}`)));
}

/** On-duty people by property and team, for the alert ladder (sla/recipients.ts). */
export interface DutyBoard {
  /** Whether the roster covers this property and team at all (else: nobody is "on duty", the team is). */
  rostered(propertyId: number, team: string): boolean;
  people(propertyId: number, team: string): number[];
}

/** entries: those running around `at` (a day either side is plenty), to tell "rostered" from "nobody now". */
export function dutyBoard(entries: readonly RosterEntry[], at: Date): DutyBoard {
  const now = onDutyAt(entries, at);
  const teams = new Set(entries.map((e) => `${e.propertyId}|${e.team}`));
  return {
    rostered: (propertyId, team) => teams.has(`${propertyId}|${team}`),
    people: (propertyId, team) => [...new Set(now.filter((e) => e.propertyId === propertyId && e.team === team).map((e) => e.personId))],
  };
}

export const NO_DUTY: DutyBoard = { rostered: () => false, people: () => [] };

/** Names for replies: 张伟（顶岗，替李娜） */
export function dutyLabel(e: RosterEntry, byId: ReadonlyMap<number, Pick<Person, 'name'>>): string {
  const name = byId.get(e.personId)?.name ?? `#${e.personId}`;
  if (e.kind === 'shift' || e.coversPersonId == null) return name;
  const other = byId.get(e.coversPersonId)?.name ?? `#${e.coversPersonId}`;
  return `${name}（${e.kind === 'cover' ? '顶岗' : '换班'}，替${other}）`;
}
