// The full app in a child process (app-process-child.mjs), its resident memory sampled from outside: the peak RSS a
// benchmark reports is the app's alone, not the load generator's (a worker thread of the benchmark process, with a
// V8 heap of its own), nor the baseline servers', nor the CPU profiler's.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './profile.js';

/** How the app runs: `tsx` = the sources through tsx (`npm start`), `dist` = the compiled build (`npm run start:prod`). */
export type AppBuild = 'tsx' | 'dist';

export interface MemoryReport {
  /** process.memoryUsage() in MB: now, and the peak of the child's own samples since the last reset. */
  nowMb: Record<string, number>;
  peakMb: Record<string, number>;
  /** v8.getHeapStatistics() (sizes in MB). */
  heap: Record<string, number>;
  /** v8.getHeapSpaceStatistics() per space (MB). */
  spaces: Record<string, { sizeMb: number; usedMb: number }>;
  /** heapUsed after a full collection (MB), when asked for and the app runs with node --expose-gc. */
  liveHeapAfterGcMb?: number;
}

export interface AppProcess {
  url: string;
  pid: number;
  replyWaitMs: number;
  idle(): Promise<void>;
  counts(): Promise<{ tickets: number; unprocessed: number }>;
  memory(o?: { reset?: boolean; gc?: boolean }): Promise<MemoryReport>;
  /** RSS of the process as the kernel reports it (MB), sampled every `sampleMs` from this process. */
  rss: RssSampler;
  startProfile(): Promise<{ stop(): Promise<CpuProfile> }>;
  /** Graceful: waits for the backlog (app.close). */
  close(): Promise<void>;
  /** At once (the backlog stays recorded and unprocessed). */
  kill(): void;
}

export interface RssSampler {
  /** Highest VmRSS sampled since the last reset (MB). */
  readonly peakMb: number;
  readonly nowMb: number;
  /** The kernel's own high-water mark over the process's life (VmHWM, MB). */
  hwmMb(): number;
  reset(): void;
  stop(): void;
}

const childFile = fileURLToPath(new URL('./app-process-child.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/** VmRSS / VmHWM of a process in MB, from /proc (Linux). */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : 0;
  } catch {
    return 0;
  }
}

function sampleRss(pid: number, sampleMs: number): RssSampler {
  let peak = 0;
  let now = 0;
  const tick = () => {
    now = procStatus(pid, 'VmRSS');
    if (now > peak) peak = now;
  };
  tick();
  const timer = setInterval(tick, sampleMs);
  timer.unref();
  return {
    get peakMb() {
      tick();
      return peak;
    },
    get nowMb() {
      tick();
      return now;
    },
    hwmMb: () => procStatus(pid, 'VmHWM'),
    reset() {
      peak = 0;
      tick();
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Starts the app (`env` as its environment for loadConfig) in a child process and waits until it listens.
 * `nodeFlags` go to the child's node (e.g. `--max-semi-space-size=4`).
 */
export async function startAppProcess(o: { env: Record<string, string>; build: AppBuild; nodeFlags?: string[]; sampleMs?: number }): Promise<AppProcess> {
  if (o.build === 'dist' && !existsSync(`${root}dist/runtime.js`)) throw new Error('dist/ is missing: run `npm run build` first (or use --app tsx)');
  const execArgv = [...(o.build === 'tsx' ? ['--import', 'tsx'] : []), ...(o.nodeFlags ?? [])];
  const child: ChildProcess = fork(childFile, [], { cwd: root, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(new Error(`app process: ${m.error}`));
    else w?.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`app process exited (${code})`));
    waiting.clear();
  });
  const call = <T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, cmd, ...args });
    });
  const started = await call<{ url: string; pid: number; replyWaitMs: number }>('start', { env: o.env, build: o.build });
  const rss = sampleRss(started.pid, o.sampleMs ?? 100);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...started,
    rss,
    idle: () => call('idle'),
    counts: () => call('counts'),
    memory: (m = {}) => call('memory', m),
    async startProfile() {
      await call('profileStart');
      return {
        async stop() {
          const file = path.join(tmpdir(), `dutydesk-bench-profile-${started.pid}.json`);
          await call('profileStop', { file });
          const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
          rmSync(file, { force: true });
          return profile;
        },
      };
    },
    async close() {
      rss.stop();
      await call('close').catch(() => undefined);
      await exited;
    },
    kill() {
      rss.stop();
      child.kill('SIGKILL');
    },
  };
}
