import { consoleMessage } from '../bot/console/plugin.js';
import { finalReply } from '../bot/channel.js';
import type { Runtime } from '../runtime.js';
import { jobs } from '../handlers/jobs/index.js';
import { runAllJobs } from '../scheduler.js';
import { platformsConfigured } from '../config.js';
import { seedDemoPeople } from '../store/seed.js';
import { ROLE_ZH } from '../handlers/roles.js';
import { importCsvFile } from './csv.js';
import { OPERATOR, peopleActivate, peopleDeactivate, peopleExport } from './people-admin.js';
import { ACCOUNT_COLUMNS, parsePeopleCsv } from './people-csv.js';
import { importPeople } from './people-import.js';

type Command = (rt: Runtime, args: string[]) => Promise<number>;


const say: Command = async (rt, args) => {
  const as = args[args.indexOf('--as') + 1];
  const group = args.includes('--group');
  const text = args.filter((a, i) => a !== '--group' && a !== '--as' && args[i - 1] !== '--as').join(' ');
  if (!args.includes('--as') || !as || !text) {
    console.error('用法：npm run cli -- say --as <姓名或账号> [--group] "<消息>"');
    return 2;
  }
  // Trying DutyDesk from the terminal first: the same demo people as the console's.
  if (rt.config.console.enabled && !platformsConfigured(rt.config)) await seedDemoPeople(rt.stores.people);
  const person = await rt.stores.people.find(as);
  if (!person) {
    console.error(`找不到人员「${as}」。用 npm run cli -- people list 查看名单。`);
    return 1;
  }
  const before = (await rt.stores.outbox.list()).length;
  const result = await rt.dispatcher.handle(consoleMessage(person.id, text, group, rt.clock.now()));
  console.log((await finalReply(result))?.text ?? '（机器人没有回复：群聊中的普通消息会被忽略）');
  const pushes = (await rt.stores.outbox.list()).slice(before);
  for (const p of pushes) console.log(`\n[推送 → ${p.channel}:${p.recipient}] ${p.text}`);
  return 0;
};

const peopleImport: Command = (rt, args) =>
  importCsvFile(args, '用法：npm run cli -- people import <file.csv>', parsePeopleCsv, async (_rows, parsed) => {
    // The same import as the dashboard's 人员 page; someone the file marks 离职 hands back their open work.
    const done = await importPeople(rt, parsed, { write: true, operator: OPERATOR });
    if (done.errors.length) return { errors: done.errors };
    return [`导入完成：新增 ${done.counts.created} 人，更新 ${done.counts.updated} 人。`, ...done.handedBack].join('\n');
  });

const peopleList: Command = async (rt, args) => {
  const people = await rt.stores.people.list();
  if (args.includes('--json')) {
    console.log(JSON.stringify(people.map(({ phone, ...p }) => ({ ...p, phone: phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : null }))));
    return 0;
  }
  for (const p of people) {
    const ids = ACCOUNT_COLUMNS.map(({ provider, label }) => p.accounts[provider] && `${label}:${p.accounts[provider]}`).filter(Boolean).join(' ');
    console.log(`${p.id}\t${p.name}\t${ROLE_ZH[p.role] ?? p.role}\t${p.team ?? '-'}\t${ids || '-'}${p.active ? '' : '\t(已停用)'}`);
  }
  return 0;
};

const jobsRun: Command = async (rt, args) => {
  const only = args.flatMap((a, i) => (args[i - 1] === '--job' ? a.split(',') : []));
  const unknown = only.filter((n) => !jobs.some((j) => j.name === n));
  if (unknown.length) {
    console.error(`没有这个任务 unknown job: ${unknown.join(', ')}（可用：${jobs.map((j) => j.name).join(', ')}）`);
    return 2;
  }
  const results = await runAllJobs(rt, rt.clock.now(), only);
  console.log(JSON.stringify(results));
  return 0;
};

const outboxList: Command = async (rt) => {
  const rows = await rt.stores.outbox.list();
  console.log(JSON.stringify(rows.map((r) => ({ ...r, nextAttemptAt: r.nextAttemptAt.toISOString() }))));
  return 0;
};

export const commands: Record<string, Command> = {
  say,
  'people import': peopleImport,
  'people list': peopleList,
  'people export': peopleExport,
  'people deactivate': peopleDeactivate,
  'people activate': peopleActivate,
  'jobs run': jobsRun,
  'outbox list': outboxList,
};
