// Load generator, run in a worker thread so it does not share the server's event loop.
// Every request is a freshly encrypted and signed WeCom text callback with a unique MsgId (WECOM.md §1.4–§1.5).
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { encrypt, getSignature } from '@wecom/crypto';
import autocannon from 'autocannon';

const { url, path, token, aesKey, corpId, agentId, text, duration, connections, runId, senders } = workerData;
let seq = 0;

function request() {
  const n = seq++;
  const now = Math.floor(Date.now() / 1000);
  const plain = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[bench${n % senders}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId><![CDATA[${runId}-${n}]]></MsgId><AgentID>${agentId}</AgentID></xml>`;
  const enc = encrypt(aesKey, plain, corpId);
  const timestamp = String(now);
  const nonce = randomBytes(6).toString('hex');
  const sig = getSignature(token, timestamp, nonce, enc);
  return {
    path: `${path}?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[${agentId}]]></AgentID></xml>`,
  };
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
        setupRequest(req) {
          const r = request();
          return { ...req, path: r.path, headers: { 'content-type': 'text/xml' }, body: r.body };
        },
      },
    ],
  },
  (err, raw) => {
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
