// One DutyDesk instance of the two-instance processing benchmark (instances.ts), in its own process: the real
// runtime (config from the environment: DATABASE_URL is the run's PostgreSQL database), not listening, driven over
// IPC. 'drain' runs what a starting server runs for the rows recorded but not processed (dispatcher.recover(), see
// src/serve.ts) and answers with when it started and ended (epoch ms) and the CPU this process spent on it.
// Started with `node --import tsx`.
import { startRuntime } from '../lib/app.js';

type Command = { type: 'drain' } | { type: 'close' };

export interface DrainResult {
  recovered: number;
  startedAt: number;
  endedAt: number;
  cpuMs: number;
  peakRssMb: number;
}

const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
const { runtime } = await startRuntime(env);
const epochMs = () => performance.timeOrigin + performance.now();

async function drain(): Promise<DrainResult> {
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const cpu0 = process.cpuUsage();
  const startedAt = epochMs();
  const recovered = await runtime.dispatcher.recover();
  const endedAt = epochMs();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  return { recovered, startedAt, endedAt, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: Math.round(peakRss / 2 ** 20) };
}

process.on('message', (c: Command) => {
  if (c.type === 'drain') {
    drain().then(
      (result) => process.send!({ drained: result }),
      (err: unknown) => process.send!({ error: err instanceof Error ? err.stack : String(err) }),
    );
  } else {
    void runtime.app.close().finally(() => process.exit(0));
  }
});
process.send!({ ready: true });
