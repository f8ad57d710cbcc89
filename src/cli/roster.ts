// npm run cli -- roster import <file.csv> | roster export [--from 日期] [--to 日期] [--project 项目]
//               shifts list | shifts set <项目|*> <组别|*> <班次> <HH:MM-HH:MM>
//               properties list | properties add <项目> [别名,别名]
import { readFile } from 'node:fs/promises';
import { localDate } from '../clock.js';
import { parseShift } from '../config-duty.js';
import { propertyNamed } from '../handlers/properties.js';
import { exportRoster, isoDate, resolveRoster, ROSTER_HEADER } from '../handlers/roster/import.js';
import { shiftHours, shiftsFor } from '../handlers/roster/shifts.js';
import type { Runtime } from '../runtime.js';
import { readCsv } from './csv.js';

type Command = (rt: Runtime, args: string[]) => Promise<number>;
const flag = (args: string[], name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

export const rosterImport: Command = async (rt, args) => {
  const file = args[0];
  if (!file) return console.error(`用法：npm run cli -- roster import <file.csv>   （表头 ${ROSTER_HEADER.join(',')}）`), 2;
  const { lines, headerError } = readCsv(await readFile(file, 'utf8'), ROSTER_HEADER, { comments: true });
  const { entries, errors } = headerError ? { entries: [], errors: [headerError] } : await resolveRoster(lines, rt.stores, rt.config.duty, rt.config.utcOffsetMinutes);
  if (errors.length) return console.error(`导入失败，未写入任何排班：\n${errors.join('\n')}`), 1;
  const { written, removed } = await rt.db.transaction((tx) => tx.roster.replaceImported(entries));
  const dates = entries.map((e) => e.date).sort();
  const props = new Map((await rt.stores.properties.list()).map((p) => [p.id, p.name]));
  const names = [...new Set(entries.map((e) => props.get(e.propertyId)))].join('、');
  console.log(`导入完成：${written} 条排班（${dates[0]} 至 ${dates.at(-1)}，${names}）；这些日期原有的导入排班 ${removed} 条已替换，换班和顶岗记录保留。`);
  return 0;
};

export const rosterExport: Command = async (rt, args) => {
  const off = rt.config.utcOffsetMinutes;
  const today = localDate(rt.clock.now(), off);
  const from = isoDate(flag(args, '--from') ?? today);
  const to = isoDate(flag(args, '--to') ?? flag(args, '--from') ?? new Date(Date.parse(`${today}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10));
  if (!from || !to || to < from) return console.error('用法：npm run cli -- roster export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--project 项目]   （默认今天起 7 天）'), 2;
  const name = flag(args, '--project');
  const property = name ? propertyNamed(name, await rt.stores.properties.list()) : undefined;
  if (name && !property) return console.error(`项目「${name}」不存在。`), 1;
  process.stdout.write(await exportRoster(rt.stores, from, to, off, property?.id));
  return 0;
};

export const shiftsList: Command = async (rt) => {
  const stored = await rt.stores.roster.patterns();
  console.log(`默认班次（SHIFTS）：${rt.config.duty.shifts.map((s) => `${s.name} ${shiftHours(s)}`).join('，')}`);
  const props = new Map((await rt.stores.properties.list()).map((p) => [p.id, p.name]));
  for (const p of stored) console.log(`${p.propertyId ? props.get(p.propertyId) : '全部项目'}\t${p.team || '全部组别'}\t${p.name}\t${shiftHours(p)}`);
  return 0;
};

export const shiftsSet: Command = async (rt, args) => {
  const [projectArg, teamArg, name, hours] = args;
  const usage = '用法：npm run cli -- shifts set <项目|*> <组别|*> <班次名> <HH:MM-HH:MM>   例如 shifts set 阳光花园 保安 早班 07:00-15:00';
  const shift = name && hours ? parseShift(`${name} ${hours}`) : null;
  if (!projectArg || !teamArg || !shift) return console.error(usage), 2;
  const property = projectArg === '*' ? null : propertyNamed(projectArg, await rt.stores.properties.list());
  if (projectArg !== '*' && !property) return console.error(`项目「${projectArg}」不存在。`), 1;
  await rt.stores.roster.setPattern({ propertyId: property?.id ?? 0, team: teamArg === '*' ? '' : teamArg, ...shift });
  const now = shiftsFor(rt.config.duty.shifts, await rt.stores.roster.patterns(), property?.id ?? 0, teamArg === '*' ? '' : teamArg);
  console.log(`已设置：${property?.name ?? '全部项目'} ${teamArg === '*' ? '全部组别' : `${teamArg}组`} ${shift.name} ${shiftHours(shift)}。现在的班次：${now.map((s) => `${s.name} ${shiftHours(s)}`).join('，')}。已导入的排班不变，重新导入后按新时间计算。`);
  return 0;
};

export const propertiesList: Command = async (rt) => {
  for (const p of await rt.stores.properties.list()) {
    const groups = await rt.stores.properties.bindingsFor(p.id);
    console.log(`${p.id}\t${p.name}${p.aliases.length ? `（${p.aliases.join('、')}）` : ''}\t绑定群 ${groups.length} 个${groups.length ? `：${groups.map((g) => `${g.platform}:${g.chatId}`).join('，')}` : ''}`);
  }
  return 0;
};

export const propertiesAdd: Command = async (rt, args) => {
  const [name, aliases] = args;
  if (!name) return console.error('用法：npm run cli -- properties add <项目名> [别名,别名]'), 2;
  const p = await rt.stores.properties.upsert(name, (aliases ?? '').split(/[,，、]/).map((a) => a.trim()).filter(Boolean));
  console.log(`已保存项目 ${p.id} ${p.name}${p.aliases.length ? `（别名 ${p.aliases.join('、')}）` : ''}。在群里发送「绑定 项目 ${p.name}」把群绑定到该项目。`);
  return 0;
};
