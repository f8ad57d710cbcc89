// CPU profile of this process through the inspector, and a summary of where the time went:
// the functions and the modules (npm package, Node internals, our src/) with the most self time.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** A V8 CPU profile as the inspector returns it (the .cpuprofile format). */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: ProfileEntry[];
  modules: ProfileEntry[];
}

/** Starts sampling every `intervalUs` µs; `stop()` returns the profile. */
export async function startCpuProfile(intervalUs = 200): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      session.disconnect();
      return profile;
    },
  };
}

/** Self time per function (top 15) and per module (top 10). */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const modules = new Map<string, number>();
  for (const [id, us] of self) {
    const cf = byId.get(id)!.callFrame;
    const file = cf.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    const where = file ? `${file.replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const mod = moduleOf(file, cf.functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number): ProfileEntry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((1000 * us) / total) / 10 }));
  return { totalMs: Math.round(total / 1000), functions: top(fns, 15), modules: top(modules, 10) };
}

/** The module a frame belongs to: the npm package, Node internals, our src/, or the native function's name. */
function moduleOf(file: string, functionName: string): string {
  if (!file) return functionName || '(native)';
  if (file.includes('node_modules/')) return file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? 'node_modules';
  if (file.startsWith('node:')) return 'node internals';
  if (file.startsWith('src/')) return 'src (ours)';
  return file;
}

export function printProfileSummary(summary: ProfileSummary, label: string): void {
  console.log(`top self time (${label}):`);
  for (const f of summary.functions) console.log(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(6)} ms  ${f.name}`);
  console.log('by module:');
  for (const m of summary.modules) console.log(`  ${String(m.pct).padStart(5)}%  ${String(m.ms).padStart(6)} ms  ${m.name}`);
}

/** Writes the profile as `<dir>/<name>.cpuprofile` (open it in Chrome DevTools) and returns the file. */
export function writeCpuProfile(dir: string, name: string, profile: CpuProfile): string {
  const file = path.join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

/** Event-loop delay while something runs; `stop()` prints p50, p99 and max in ms. */
export function watchEventLoopDelay(): { stop(): void } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  return {
    stop() {
      delay.disable();
      console.log('ELD ms p50', delay.percentile(50) / 1e6, 'p99', delay.percentile(99) / 1e6, 'max', delay.max / 1e6);
    },
  };
}
