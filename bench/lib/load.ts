// One autocannon run against a server in this process. The load generator runs in a worker thread
// (load-worker.mjs) so that it does not share the server's event loop; each benchmark supplies the
// requests through a small module of its own (see load-worker.mjs for its contract).
import { Worker } from 'node:worker_threads';

/** What one load run measured. Latencies in ms. */
export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Seconds autocannon actually ran. */
  duration: number;
  /** Requests the generator built (≥ total: the last ones may not have completed). */
  sent: number;
}

export interface LoadOptions {
  /** Base URL of the server under load, e.g. http://127.0.0.1:1234. */
  url: string;
  /** Path of every request, unless the request module gives one per request. */
  path: string;
  seconds: number;
  connections: number;
  /** Names the run; request modules put it into message ids so that runs never collide. */
  runId: string;
  /** File URL of the module exporting `createRequests(params)`. */
  requests: URL;
  /** Handed to `createRequests` together with `runId` and `path`; must survive structured cloning. */
  params: Record<string, unknown>;
  /** Requests per second over all connections (autocannon's overallRate); 0 or absent: as fast as the server answers. */
  overallRate?: number;
}

interface WorkerReply {
  error?: string;
  sent: number;
  result?: Omit<LoadResult, 'sent'>;
}

const workerFile = new URL('./load-worker.mjs', import.meta.url);

export function runLoad(o: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, {
      workerData: {
        url: o.url,
        path: o.path,
        duration: o.seconds,
        connections: o.connections,
        overallRate: o.overallRate || undefined,
        requests: o.requests.href,
        params: { ...o.params, runId: o.runId, path: o.path },
      },
    });
    // Bounded: autocannon stops itself after `seconds`; these are the safety nets.
    const guard = setTimeout(() => worker.postMessage('stop'), (o.seconds + 20) * 1000);
    const kill = setTimeout(() => void worker.terminate(), (o.seconds + 40) * 1000);
    worker.once('message', (m: WorkerReply) => {
      clearTimeout(guard);
      clearTimeout(kill);
      void worker.terminate();
      if (m.error || !m.result) reject(new Error(m.error ?? 'no result'));
      else resolve({ ...m.result, sent: m.sent });
    });
    worker.once('error', (err) => {
      clearTimeout(guard);
      clearTimeout(kill);
      reject(err);
    });
  });
}

/** A load run with everything fixed but the target, its duration and the run's name. */
export type LoadRun = (url: string, seconds: number, runId: string) => Promise<LoadResult>;

export function loadRun(fixed: Omit<LoadOptions, 'url' | 'seconds' | 'runId'>): LoadRun {
  return (url, seconds, runId) => runLoad({ ...fixed, url, seconds, runId });
}
