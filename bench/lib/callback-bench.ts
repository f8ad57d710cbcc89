// The shape both webhook benchmarks share: one process, three servers measured under the same load, one after the other:
//   bare     a Fastify route doing only the platform's signature check (and decryption): the baseline;
//   adapter  our real channel plugin with a dispatcher that answers at once, no database;
//   full     the whole app (dispatcher, SQLite), CPU-profiled while it runs.
// The load is autocannon in a worker thread (load.ts); every target gets a 2 s warm-up first.
import type { Config } from '../../src/config.js';
import { readFlags } from './args.js';
import { loadRun, type LoadOptions, type LoadResult } from './load.js';
import { printProfileSummary, startCpuProfile, summarizeProfile, watchEventLoopDelay, writeCpuProfile, type CpuProfile } from './profile.js';
import { ratio, writeJsonResult } from './report.js';
import { migratedDatabase, tempDir } from './db.js';

/** The options of a webhook benchmark, with their defaults. */
export const callbackFlagDefaults = {
  /** Seconds of load per target. */
  duration: 10,
  connections: 50,
  /** The message text every request carries. */
  text: '报修 3栋2单元1502 厨房水管漏水',
  /** REPLY_WAIT_MS of the full app: how long the dispatcher may take before it answers `later` (default: the config's). */
  'reply-wait': '',
  /** JSON results, relative to the benchmark's folder. */
  out: 'last-run.json',
};

export type CallbackFlags = ReturnType<typeof readCallbackFlags>;

export function readCallbackFlags(argv?: readonly string[]) {
  return readFlags(callbackFlagDefaults, argv);
}

/** The REPLY_WAIT_MS setting for the full app's environment, if --reply-wait was given. */
/** Flags, a temp folder and a migrated database: what every callback benchmark starts with. */
export async function startCallbackBench<E extends Record<string, string | number> = Record<never, never>>(prefix: string, extraFlags?: E) {
  const flags = readFlags({ ...callbackFlagDefaults, ...extraFlags } as typeof callbackFlagDefaults & E);
  const dir = tempDir(prefix);
  return { flags, dir, db: await migratedDatabase(dir, 'bench') };
}

export function replyWaitEnv(flags: CallbackFlags): Record<string, string> {
  return flags['reply-wait'] ? { REPLY_WAIT_MS: flags['reply-wait'] } : {};
}

export interface Targets {
  bare: string;
  adapter: string;
  full: string;
}

export interface TargetResults {
  bare: LoadResult;
  adapter: LoadResult;
  full: LoadResult;
  /** CPU profile of the process during the full run. */
  profile: CpuProfile;
}

/** Warms each target up, then loads bare, adapter and (profiled) full for `flags.duration` seconds each. */
export async function compareTargets(o: {
  flags: CallbackFlags;
  targets: Targets;
  /** The load on every target: the route, the benchmark's request module (its requests.mjs) and its params. */
  requests: Pick<LoadOptions, 'path' | 'requests' | 'params'>;
  /** After the warm-up, before the measured runs: let background work finish, take the counts to compare against. */
  afterWarmUp?: () => Promise<void>;
  /** Also print the event-loop delay during the full run. */
  eventLoopDelay?: boolean;
  /** Starts the CPU profile of the full run (default: this process's; the full app may run in a child process). */
  profileFull?: () => Promise<{ stop(): Promise<CpuProfile> }>;
  /** Right before the full run's load starts (e.g. reset the memory peaks). */
  beforeFull?: () => Promise<void>;
  /** Requests per second of every measured run (the same work for every variant: memory comparisons); 0: unlimited. */
  overallRate?: number;
}): Promise<TargetResults> {
  const { flags, targets } = o;
  const load = loadRun({ ...o.requests, connections: flags.connections });
  const measured = loadRun({ ...o.requests, connections: flags.connections, overallRate: o.overallRate });
  console.log(`node ${process.version}, ${flags.connections} connections, ${flags.duration} s per run, text "${flags.text}"`);
  // Warm-up (JIT, prepared statements, sender registration), not reported.
  await load(targets.bare, 2, 'warm-bare');
  await load(targets.adapter, 2, 'warm-adapter');
  await load(targets.full, 2, 'warm-full');
  await o.afterWarmUp?.();

  const bare = await measured(targets.bare, flags.duration, 'bare');
  console.log('bare', bare);
  const adapter = await measured(targets.adapter, flags.duration, 'adapter');
  console.log('adapter', adapter);

  await o.beforeFull?.();
  const profiler = await (o.profileFull ?? startCpuProfile)();
  const delay = o.eventLoopDelay ? watchEventLoopDelay() : undefined;
  const full = await measured(targets.full, flags.duration, 'full');
  delay?.stop();
  const profile = await profiler.stop();
  console.log('full', full);
  return { bare, adapter, full, profile };
}

/** The target: full ≥ 25 % of bare's rate, full p99 < 50 ms, no errors and no non-2xx answers. */
export const TARGET = { minRatio: 0.25, maxP99Ms: 50 };

/**
 * Writes the results JSON (`flags.out`, relative to `benchDir`) and the CPU profile (into `tmpDir`), then prints the
 * summary (`printed`), the profile's top entries and whether the target was met. `details` go into the JSON
 * between the ratios and the profile.
 */
export function reportTargets(o: {
  benchDir: URL;
  tmpDir: string;
  flags: CallbackFlags;
  config: Config;
  results: TargetResults;
  details: Record<string, unknown>;
  printed: Record<string, unknown>;
}): void {
  const { flags, results } = o;
  const { bare, adapter, full } = results;
  const summary = summarizeProfile(results.profile);
  const profileFile = writeCpuProfile(o.tmpDir, 'full', results.profile);
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    connections: flags.connections,
    durationS: flags.duration,
    replyWaitMs: o.config.replyWaitMs,
    text: flags.text,
    bare,
    adapter,
    full,
    ratio: ratio(full.rps, bare.rps),
    adapterRatio: ratio(adapter.rps, bare.rps),
    ...o.details,
    profile: summary,
    profileFile,
  };
  const written = writeJsonResult(o.benchDir, flags.out, out);
  console.log(JSON.stringify({ ratio: out.ratio, adapterRatio: out.adapterRatio, ...o.printed }, null, 2));
  printProfileSummary(summary, 'full path');
  const pass = full.rps / bare.rps >= TARGET.minRatio && full.p99 < TARGET.maxP99Ms && full.non2xx === 0 && full.errors === 0;
  console.log(`target (full ≥ ${TARGET.minRatio * 100}% of bare, p99 < ${TARGET.maxP99Ms} ms, no errors): ${pass ? 'MET' : 'NOT MET'}`);
  console.log(`results: ${written}, profile: ${profileFile}`);
}

/** The end of a webhook benchmark: reports (reportTargets, the CPU profile into its temp folder), closes the bare server, removes the database. */
export async function finishCallbackBench(
  started: Awaited<ReturnType<typeof startCallbackBench>>,
  bare: { close(): Promise<unknown> },
  report: Omit<Parameters<typeof reportTargets>[0], 'tmpDir' | 'flags'>,
): Promise<void> {
  reportTargets({ ...report, tmpDir: started.dir, flags: started.flags });
  await bare.close();
  started.db.remove();
}
