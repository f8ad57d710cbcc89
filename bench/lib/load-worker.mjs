// Load generator, run in a worker thread (see load.ts) so it does not share the server's event loop.
// workerData: { url, path, duration, connections, overallRate, requests, params }. `requests` is the file URL of the benchmark's
// request module. It exports `createRequests(params)` (params: the benchmark's own plus `runId` and `path`), which
// returns `next(n)`: the n-th request (n = 0, 1, …) as `{ headers, body }` and, optionally, its own `path` (query
// string included). Every request is a POST.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, path, duration, connections, overallRate, requests, params } = workerData;
const { createRequests } = await import(requests);
const next = createRequests(params);
let seq = 0;

const instance = autocannon(
  {
    url,
    connections,
    duration,
    overallRate,
    timeout: 10,
    requests: [{ method: 'POST', path, setupRequest: (req) => ({ ...req, ...next(seq++) }) }],
  },
  (err, raw) => {
    // Inside a worker thread autocannon hands back the encoded histograms: aggregate them here.
    const result = raw && autocannon.aggregateResult([raw], { url, connections, duration });
    parentPort.postMessage({
      error: err ? String(err) : undefined,
      sent: seq,
      result: result && {
        rps: Math.round(raw.totalCompletedRequests / raw.duration),
        total: raw.totalCompletedRequests,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        duration: raw.duration,
      },
    });
  },
);
parentPort.on('message', (m) => {
  if (m === 'stop') instance.stop();
});
