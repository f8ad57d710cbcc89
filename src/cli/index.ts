// npm run cli -- <command>. Commands: say, people import|list|export|deactivate|activate, parse, jobs run, outbox list, calendar import|list.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { fixedClock, systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';

const USAGE = `用法 usage:
  npm run cli -- say --as <姓名或账号> [--group] "<消息>"
  npm run cli -- people import <file.csv>
  npm run cli -- people list [--json]
  npm run cli -- people export [file.csv]   (导出为导入格式：中文角色、active 列；不写文件名则输出到屏幕)
  npm run cli -- people deactivate <姓名或编号>   (停用：名下未完成工单退回组长)
  npm run cli -- people activate <姓名或编号>     (启用)
  npm run --silent cli -- parse --now <ISO时间>   (从标准输入逐行读取)
  npm run cli -- jobs run --now <ISO时间> [--job 任务名,…]   (运行该时刻到点的任务；--job 强制运行指定任务)
  npm run cli -- calendar import <file.csv>   (表头 date,workday,note；workday 1/0 或 上班/休息)
  npm run cli -- calendar list [--json]
  npm run cli -- outbox list --json
  npm run cli -- roster import <file.csv>   (表头 date,shift,name,team,project)
  npm run cli -- roster export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--project 项目]
  npm run cli -- shifts list | shifts set <项目|*> <组别|*> <班次> <HH:MM-HH:MM>
  npm run cli -- properties list | properties add <项目> [别名,别名]`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (cmd === 'parse') {
    const { runParse } = await import('./parse.js');
    return runParse(argv.slice(1), process.stdin, process.stdout);
  }
  if (!cmd || cmd === 'help' || cmd === '--help') {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const env = { ...(existsSync('.env') ? parseDotenv(readFileSync('.env')) : {}), ...process.env };
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env });
  const nowArg = flag(argv, '--now');
  if (nowArg !== undefined && Number.isNaN(Date.parse(nowArg))) {
    console.error(`--now 时间格式无效 invalid time: ${nowArg}`);
    return 2;
  }
  const { openRuntime } = await import('./open.js');
  const rt = await openRuntime(config, nowArg ? fixedClock(nowArg) : systemClock);
  try {
    const { commands } = await import('./commands.js');
    commands['calendar import'] ??= (await import('./calendar.js')).calendarImport;
    commands['calendar list'] ??= (await import('./calendar.js')).calendarList;
    const roster = await import('./roster.js');
    Object.assign(commands, { 'roster import': roster.rosterImport, 'roster export': roster.rosterExport, 'shifts list': roster.shiftsList, 'shifts set': roster.shiftsSet, 'properties list': roster.propertiesList, 'properties add': roster.propertiesAdd });
    const run = commands[`${cmd} ${sub ?? ''}`.trim()] ?? commands[cmd];
    if (!run) {
      console.error(USAGE);
      return 2;
    }
    return await run(rt, cmd in commands ? [sub, ...rest].filter((a): a is string => a !== undefined) : rest);
  } finally {
    await rt.app.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
}
