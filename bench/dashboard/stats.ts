// Timing helpers of the dashboard benchmarks (run.ts, http.ts): sequential runs, p50 / p95 / max in ms.

export interface Stats {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function stats(times: number[]): Stats {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! * 10) / 10;
  return { runs: s.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: Math.round(s[s.length - 1]! * 10) / 10 };
}

export async function timed(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return times;
}
