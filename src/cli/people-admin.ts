// Directory upkeep at the command line: people export, people deactivate|activate <姓名或编号>, and the hand-back of
// open work when someone is taken out of service, also by an import (the same as 停用 in chat: docs/desk-rules.md#directory).
import { writeFile } from 'node:fs/promises';
import { deactivatedText, findPerson, personRef } from '../handlers/deactivation.js';
import { handBack } from '../handlers/hand-back.js';
import type { Actor } from '../handlers/hand-back.js';
import type { Notify } from '../handlers/outcome.js';
import type { Runtime } from '../runtime.js';
import type { Person, Stores } from '../store/index.js';
import { exportable, peopleCsv } from './people-csv.js';

type Command = (rt: Runtime, args: string[]) => Promise<number>;

/** Who did it, in history lines and pushes. */
export const OPERATOR: Actor = { id: null, name: '管理员（命令行）', inboundId: null };

type Deps = Pick<Runtime, 'clock' | 'notifyRouter' | 'config'>;

async function queue(rt: Deps, stores: Stores, notify: Notify[]): Promise<void> {
  const now = rt.clock.now();
  for (const n of notify) await stores.outbox.enqueue(await rt.notifyRouter.rows(n, now, stores), now);
}

/** Deactivates one person and hands back their work; returns the summary. */
export async function takeOutOfService(rt: Deps, stores: Stores, p: Person, by: Actor = OPERATOR): Promise<string> {
  const now = rt.clock.now();
  const off = await stores.people.update(p.id, { active: false });
  const back = await handBack(stores, off, by, now, `${by.id === null ? 'cli' : `web${by.id}`}-${now.getTime()}`, rt.config.leave.topApprover);
  await queue(rt, stores, back.notify);
  // At the command line: the command to undo it; from the dashboard: the chat command (also the page's 启用 button).
  return deactivatedText(off, back, by.id === null ? `npm run cli -- people activate ${p.id}` : `启用 ${p.id}`);
}

const USAGE = (verb: string) => `用法：npm run cli -- people ${verb} <姓名或编号>`;

function toggle(verb: 'deactivate' | 'activate'): Command {
  return async (rt, args) => {
    const ref = args.join(' ').trim();
    if (!ref) {
      console.error(USAGE(verb));
      return 2;
    }
    return rt.db.transaction(async (stores) => {
      const found = await findPerson(stores.people, ref, verb === 'deactivate' ? 'active' : 'inactive', (r) => `npm run cli -- people ${verb} ${r}`);
      if ('error' in found) {
        console.error(found.error);
        return 1;
      }
      const p = found.person;
      if (verb === 'deactivate') {
        if (!p.active) console.log(`${personRef(p)}已经停用，无需重复。`);
        else console.log(await takeOutOfService(rt, stores, p));
        return 0;
      }
      if (p.active) console.log(`${personRef(p)}的账号正在使用中，无需启用。`);
      else {
        await stores.people.update(p.id, { active: true });
        console.log(`已启用：${personRef(p)}。停用时退回的工单不会自动转回，如需请重新派单。`);
      }
      return 0;
    });
  };
}

export const peopleDeactivate = toggle('deactivate');
export const peopleActivate = toggle('activate');

/** people export [file.csv]: the directory in the import format (Chinese roles, active column); stdout without a file. */
export const peopleExport: Command = async (rt, args) => {
  const all = await rt.stores.people.list();
  const rows = all.filter(exportable);
  const names = new Map((await rt.stores.properties.list()).map((x) => [x.id, x.name]));
  const csv = peopleCsv(rows, (id) => names.get(id) ?? String(id));
  const skipped = all.length - rows.length;
  const note = skipped ? `（未导出 ${skipped} 人：待核实人员，或只有其他平台账号、无法按表格列找回的人员）` : '';
  if (args[0]) {
    await writeFile(args[0], `\uFEFF${csv}`, 'utf8');
    console.log(`已导出 ${rows.length} 人到 ${args[0]}${note}`);
  } else {
    process.stdout.write(csv);
    if (note) console.error(`已导出 ${rows.length} 人${note}`);
  }
  return 0;
};
