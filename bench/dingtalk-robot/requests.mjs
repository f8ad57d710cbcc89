// Requests of the DingTalk robot benchmark, built inside the load worker (bench/lib/load-worker.mjs).
// Every request carries a unique msgId and freshly signed timestamp/sign headers (HMAC-SHA256, docs/dingtalk.md#robot-callback-signature).
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

  return (n) => {
    const timestamp = String(Date.now());
    const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    return { headers: { 'content-type': 'application/json; charset=utf-8', timestamp, sign }, body: body(n) };
  };
}
