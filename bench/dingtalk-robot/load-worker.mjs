// Load generator, run in a worker thread so it does not share the server's event loop.
// Every request carries a unique msgId and freshly signed timestamp/sign headers (HMAC-SHA256, DINGTALK.md §1.1).
import { createHmac } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, path, secret, text, duration, connections, runId, sessionWebhook, senders } = workerData;
let seq = 0;

function body() {
  const n = seq++;
  const now = Date.now();
  return JSON.stringify({
    conversationId: 'cidBenchGroup==',
    chatbotCorpId: 'dingbenchcorp',
    chatbotUserId: '$:LWCP_v1:$bench',
    msgId: `msg-${runId}-${n}`,
    senderNick: `值班员${n % senders}`,
    isAdmin: false,
    senderStaffId: `bench${n % senders}`,
    sessionWebhookExpiredTime: now + 5_400_000,
    createAt: now,
    senderCorpId: 'dingbenchcorp',
    conversationType: '2',
    senderId: `$:LWCP_v1:$sender${n % senders}`,
    conversationTitle: '物业值班群',
    isInAtList: true,
    sessionWebhook,
    text: { content: ` ${text}` },
    robotCode: 'dingbench',
    msgtype: 'text',
  });
}

const instance = autocannon(
  {
    url,
    connections,
    duration,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path,
        setupRequest(req) {
          const timestamp = String(Date.now());
          const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
          return { ...req, headers: { 'content-type': 'application/json; charset=utf-8', timestamp, sign }, body: body() };
        },
      },
    ],
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
