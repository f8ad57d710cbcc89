// Requests of the WeCom callback benchmark, built inside the load worker (bench/lib/load-worker.mjs).
// Every request is a freshly encrypted and signed WeCom text callback with a unique MsgId (docs/wecom.md#callback-encryption).
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

export function createRequests({ path, token, aesKey, corpId, agentId, text, runId, senders }) {
  return (n) => {
    const now = Math.floor(Date.now() / 1000);
    const plain = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[bench${n % senders}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId><![CDATA[${runId}-${n}]]></MsgId><AgentID>${agentId}</AgentID></xml>`;
    const enc = encrypt(aesKey, plain, corpId);
    const timestamp = String(now);
    const nonce = randomBytes(6).toString('hex');
    const sig = getSignature(token, timestamp, nonce, enc);
    return {
      path: `${path}?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`,
      headers: { 'content-type': 'text/xml' },
      body: `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[${agentId}]]></AgentID></xml>`,
    };
  };
}
