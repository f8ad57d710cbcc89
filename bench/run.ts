// Entry point of `npm run bench`: lists the benchmarks, runs one, or runs them all briefly.
//   npm run bench                              list them, with their commands
//   npm run bench -- <name> [options]          run one (options: `npm run bench -- <name> --help`)
//   npm run bench -- --all                     run each with short options (results under bench/.tmp/, not committed)
// Each benchmark runs as its own process, exactly as `npx tsx bench/<name>/run.ts`, so figures stay comparable.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  name: string;
  description: string;
  /** Options with their defaults, as the script takes them. */
  options: string;
  /** Short options for `--all`: a quick check that the benchmark still runs, not figures to publish. */
  quick: string[];
}

const BENCHMARKS: Benchmark[] = [
  {
    name: 'dingtalk-robot',
    description: 'POST /dingtalk/robot: full app vs our plugin alone vs a bare signature-checking route (autocannon)',
    options: '[--duration 10] [--connections 50] [--text "报修 3栋2单元1502 厨房水管漏水"] [--reply-wait MS] [--out last-run.json]',
    quick: ['--duration', '3', '--out', '../.tmp/dingtalk-robot.json'],
  },
  {
    name: 'wecom-callback',
    description: 'POST /wecom/callback: full app vs our plugin alone vs a bare verify + decrypt route (autocannon)',
    options: '[--duration 10] [--connections 50] [--text "报修 3栋2单元1502 厨房水管漏水"] [--reply-wait MS] [--out last-run.json]',
    quick: ['--duration', '3', '--out', '../.tmp/wecom-callback.json'],
  },
  {
    name: 'processing',
    description: 'drain rate of a fixed backlog of N 报修 messages vs a raw better-sqlite3 loop writing the same rows; statements per message',
    options: '[--messages 5000] [--staff 40] [--profile false] [--out last-run.json]',
    quick: ['--messages', '100', '--out', '../.tmp/processing.json'],
  },
  {
    name: 'sla-sweep',
    description: 'one SLA sweep over N open / D due items vs the same sweep over the D due items alone',
    options: '[--open 1000000] [--due 1000] [--runs 5]',
    quick: ['--open', '10000', '--due', '1000', '--runs', '2'],
  },
  {
    name: 'dashboard',
    description: 'N tickets: p95 of a filtered list page and of the monthly complaint report (vs the bare indexed COUNT of the month)',
    options: '[--tickets 1000000] [--list-runs 200] [--report-runs 30] [--out last-run.json]',
    quick: ['--tickets', '20000', '--list-runs', '20', '--report-runs', '3', '--out', '../.tmp/dashboard.json'],
  },
];

const root = fileURLToPath(new URL('..', import.meta.url));

function list(): void {
  console.log('Benchmarks (details and results: bench/<name>/RESULTS.md, summary: BENCHMARKS.md):\n');
  for (const b of BENCHMARKS) {
    console.log(`  ${b.name}`);
    console.log(`      ${b.description}`);
    console.log(`      npm run bench -- ${b.name} ${b.options}\n`);
  }
  console.log('  npm run bench -- --all     runs each with short options (results under bench/.tmp/)');
}

/** Runs bench/<name>/run.ts in a child process with this process's tsx loader; resolves to its exit code. */
function runBenchmark(b: Benchmark, args: string[]): Promise<number> {
  const script = path.join('bench', b.name, 'run.ts');
  console.log(`\n=== ${b.name}: npx tsx ${script}${args.length ? ` ${args.join(' ')}` : ''}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { cwd: root, stdio: 'inherit' });
    child.once('error', (err) => {
      console.error(`${b.name}: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (!first || first === '--list' || first === '--help' || first === '-h') {
    list();
    return 0;
  }
  if (first === '--all') {
    if (rest.length) {
      console.error('--all takes no options: it runs each benchmark with its short options');
      return 2;
    }
    const outcomes: string[] = [];
    let failed = 0;
    for (const b of BENCHMARKS) {
      const started = Date.now();
      const code = await runBenchmark(b, b.quick);
      if (code !== 0) failed++;
      outcomes.push(`  ${b.name.padEnd(16)} ${code === 0 ? 'ok' : `FAILED (exit ${code})`}  ${Math.round((Date.now() - started) / 1000)} s`);
    }
    console.log(`\n${outcomes.join('\n')}`);
    return failed ? 1 : 0;
  }
  const benchmark = BENCHMARKS.find((b) => b.name === first);
  if (!benchmark) {
    console.error(`no benchmark named ${JSON.stringify(first)}\n`);
    list();
    return 2;
  }
  return runBenchmark(benchmark, rest);
}

process.exitCode = await main(process.argv.slice(2));
