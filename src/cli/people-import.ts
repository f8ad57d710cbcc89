// The one people import (人员名单): `npm run cli -- people import` and the dashboard's 人员 page both come here with
// rows from parsePeopleCsv. It runs the real write (PeopleStore.upsertMany, replaceServed) in one transaction and
// reads back what changed: a preview rolls the transaction back, a confirmed import keeps it, and everyone the file
// turned 离职 hands back their open work as with 停用 in chat (docs/desk-rules.md#directory). An importer signed in
// on the dashboard is held to their scope: a supervisor serving some properties imports people only into those.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Actor } from '../handlers/hand-back.js';
import type { NotifyRouter } from '../handlers/outbox/route.js';
import { ROLE_ZH } from '../handlers/roles.js';
import type { Database, Person, PersonInput } from '../store/index.js';
import { takeOutOfService } from './people-admin.js';
import { withProperties, type PeopleRow } from './people-csv.js';

export interface ImportDeps {
  db: Pick<Database, 'transaction'>;
  clock: Clock;
  config: Config;
  notifyRouter: NotifyRouter;
}

/** One person of the preview, as the file leaves them (the phone stays with the caller to mask). */
export interface PlannedPerson {
  line: number;
  person: Person;
  /** What changes for someone already in the directory (Chinese, no phone numbers). */
  changes: string[];
}

export interface ImportPlan {
  /** Line-numbered reasons nothing was (or would be) written. */
  errors: string[];
  created: PlannedPerson[];
  /** Already in the directory and changed by the file (those it turns 离职 are under deactivated instead). */
  updated: PlannedPerson[];
  /** Already in the directory, nothing to change. */
  unchanged: number;
  /** Turned 离职 by the file (they hand back their open work on import). */
  deactivated: PlannedPerson[];
  /** As upsertMany counts: created, and every row that found someone (changed or not). */
  counts: { created: number; updated: number };
  /** After a write: each deactivated person's hand-back summary. */
  handedBack: string[];
}

class Rollback extends Error {
  constructor(readonly plan: ImportPlan) {
    super('people import rolled back');
  }
}

const empty = (errors: string[]): ImportPlan => ({ errors, created: [], updated: [], unchanged: 0, deactivated: [], counts: { created: 0, updated: 0 }, handedBack: [] });

/**
 * Plans (write: false) or performs the import of parsed rows. `by`: the dashboard's signed-in importer (their scope
 * applies); absent at the command line. `operator`: who the hand-back's history lines name.
 */
export async function importPeople(
  deps: ImportDeps,
  parsed: { rows: PeopleRow[]; lines?: number[] },
  opts: { write: boolean; by?: Person; operator: Actor },
): Promise<ImportPlan> {
  const lines = parsed.lines ?? [];
  try {
    return await deps.db.transaction(async (stores) => {
      const properties = await stores.properties.list();
      const resolved = withProperties(parsed.rows, properties, lines);
      if ('errors' in resolved) throw new Rollback(empty(resolved.errors));
      const before = new Map((await stores.people.list()).map((p) => [p.id, p]));
      const { created, updated, ids } = await stores.people.upsertMany(resolved.rows);
      const after = new Map((await stores.people.byIds([...new Set(ids)])).map((p) => [p.id, p]));
      const plan = empty([]);
      plan.counts = { created, updated };
      const names = new Map(properties.map((p) => [p.id, p.name]));
      ids.forEach((id, i) => {
        const line = lines[i] ?? i + 2;
        const now = after.get(id)!;
        const was = before.get(id);
        if (opts.by) plan.errors.push(...refusals(opts.by, line, resolved.rows[i]!, was, now, names));
        if (!was) return void plan.created.push({ line, person: now, changes: [] });
        const changes = changesOf(was, now, names);
        if (was.active && !now.active) plan.deactivated.push({ line, person: now, changes });
        else if (changes.length) plan.updated.push({ line, person: now, changes });
        else plan.unchanged++;
      });
      if (!opts.write || plan.errors.length) throw new Rollback(plan);
      for (const d of plan.deactivated) plan.handedBack.push(await takeOutOfService(deps, stores, d.person, opts.operator));
      return plan;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.plan;
    throw err;
  }
}

const listed = (ids: readonly number[], names: ReadonlyMap<number, string>) => (ids.length ? ids.map((id) => names.get(id) ?? `#${id}`).join('、') : '全部项目');

/** What the row changes about someone already listed, in words (a phone number is never shown). */
function changesOf(was: Person, now: Person, names: ReadonlyMap<number, string>): string[] {
  const out: string[] = [];
  if (was.name !== now.name) out.push(`姓名 ${was.name}→${now.name}`);
  if (was.role !== now.role) out.push(`角色 ${ROLE_ZH[was.role]}→${ROLE_ZH[now.role]}`);
  if (was.team !== now.team) out.push(`组别 ${was.team ?? '无'}→${now.team ?? '无'}`);
  if (was.phone !== now.phone) out.push('手机号已更新');
  if (was.active !== now.active) out.push(now.active ? '离职→在职' : '在职→离职');
  if (!was.verified && now.verified) out.push('已核实');
  if (JSON.stringify(was.accounts) !== JSON.stringify(now.accounts)) out.push('账号已更新');
  if (was.properties.join() !== now.properties.join()) out.push(`项目 ${listed(was.properties, names)}→${listed(now.properties, names)}`);
  return out;
}

/** Why the dashboard's importer may not write this row (their properties, ranks, themselves); [] when they may. */
function refusals(by: Person, line: number, row: PersonInput, was: Person | undefined, now: Person, names: ReadonlyMap<number, string>): string[] {
  const at = `第 ${line} 行：`;
  const out: string[] = [];
  if (by.role !== 'manager' && (row.role === 'manager' || was?.role === 'manager')) out.push(`${at}只有经理可以导入或修改经理（${now.name}），请删除这一行或请经理导入。`);
  if (was?.id === by.id && (!now.active || now.role !== by.role)) out.push(`${at}不能在导入中停用自己或修改自己的角色，请删除这一行（${now.name}）。`);
  const mine = by.properties;
  if (!mine.length) return out;
  const yours = `您负责：${listed(mine, names)}`;
  const wanted = row.properties ?? was?.properties ?? [];
  if (!wanted.length) out.push(`${at}请在「项目」列填写${now.name}服务的项目（${yours}）；留空表示全部项目，只有负责全部项目的主管或经理可以这样导入。`);
  const outside = wanted.filter((id) => !mine.includes(id));
  if (outside.length) out.push(`${at}项目「${listed(outside, names)}」不在您负责的范围（${yours}），不能把${now.name}导入到那里；请改为您负责的项目或删除这一行。`);
  if (was && (!was.properties.length || was.properties.some((id) => !mine.includes(id)))) {
    out.push(`${at}${now.name}（编号 ${was.id}）目前服务${listed(was.properties, names)}，超出您负责的范围，请由负责这些项目的主管或经理修改。`);
  }
  return out;
}
