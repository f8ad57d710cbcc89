// Requests of the DingTalk robot benchmark, built inside the load worker (bench/lib/load-worker.mjs).
// Every request carries a unique msgId and its own signed timestamp/sign headers (HMAC-SHA256, docs/dingtalk.md#robot-callback-signature).
import { createHmac } from 'node:crypto';

export function createRequests({ secret, text, runId, sessionWebhook, senders }) {
  function body(n) {
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

  // A timestamp/sign pair is accepted with one msgId only: each request gets its own (counting back from the start,
  // even in measured runs, odd in warm-ups, so that a warm-up and the measured run on the same server never share one).
  const signedFrom = 2 * Math.floor(Date.now() / 2) - (runId.startsWith('warm') ? 1 : 0);
  return (n) => {
    const timestamp = String(signedFrom - 2 * n);
    const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    return { headers: { 'content-type': 'application/json; charset=utf-8', timestamp, sign }, body: body(n) };
  };
}
