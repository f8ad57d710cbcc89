// Late replies (after the platform was acked): retries, give-up at close, bounded concurrency.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/bot/channel.js';
import type { DingtalkClient } from '../../src/bot/dingtalk/client.js';
import { createLateReplies } from '../../src/bot/dingtalk/reply.js';
import type { DingtalkReplyHint } from '../../src/bot/dingtalk/types.js';
import type { OutgoingMessage } from '../../src/bot/message.js';

const hint: DingtalkReplyHint = { conversationType: '2', conversationId: 'cidGroup==' };
const logger = pino({ level: 'silent' });

/** A client whose reply() runs the given script, one entry per call. */
function fakeClient(script: Array<'ok' | DeliveryError> = [], delayMs = 0) {
  const sent: string[] = [];
  let active = 0;
  let maxActive = 0;
  const client = {
    async reply(_h: DingtalkReplyHint, msg: OutgoingMessage) {
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const step = script.shift() ?? 'ok';
        if (step !== 'ok') throw step;
        sent.push(msg.text);
        return 'session' as const;
      } finally {
        active--;
      }
    },
  } as unknown as DingtalkClient;
  return { client, sent, calls: () => sent.length, get maxActive() {
    return maxActive;
  } };
}

describe('late replies', () => {
  it('rate-limited and transient failures are retried until sent', async () => {
    const f = fakeClient([new DeliveryError('qps', 'rate', 1, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'), new DeliveryError('502', 'retry', 1, 502)]);
    const late = createLateReplies({ client: f.client, logger, maxWaitMs: 1 });
    late.send(hint, Promise.resolve({ text: 'hello' }), 'm1');
    await late.drain();
    expect(f.sent).toEqual(['hello']);
  });

  it('fatal failures are not retried; attempts are bounded', async () => {
    const fatal = fakeClient([new DeliveryError('bot.stopped', 'fatal', undefined, 'bot.stopped'), 'ok']);
    const a = createLateReplies({ client: fatal.client, logger, maxWaitMs: 1 });
    a.send(hint, Promise.resolve({ text: 'x' }), 'm2');
    await a.drain();
    expect(fatal.sent).toEqual([]);

    const busy = fakeClient(Array.from({ length: 10 }, () => new DeliveryError('busy', 'retry', 1)));
    const b = createLateReplies({ client: busy.client, logger, maxWaitMs: 1, attempts: 3 });
    b.send(hint, Promise.resolve({ text: 'y' }), 'm3');
    await b.drain();
    expect(busy.sent).toEqual([]);
  });

  it('nothing to say, or a failed computation, sends nothing', async () => {
    const f = fakeClient();
    const late = createLateReplies({ client: f.client, logger });
    late.send(hint, Promise.resolve(undefined), 'm4');
    late.send(hint, Promise.reject(new Error('boom')), 'm5');
    await late.drain();
    expect(f.sent).toEqual([]);
  });

  it('close() gives up a reply that is waiting for its retry instead of hanging', async () => {
    const f = fakeClient([new DeliveryError('blocked', 'rate', 600_000, 410100)]);
    const late = createLateReplies({ client: f.client, logger });
    late.send(hint, Promise.resolve({ text: 'z' }), 'm6');
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await late.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(f.sent).toEqual([]);
  });

  it('a backlog is sent with bounded concurrency', async () => {
    const f = fakeClient([], 5);
    const late = createLateReplies({ client: f.client, logger, concurrency: 3 });
    for (let i = 0; i < 20; i++) late.send(hint, Promise.resolve({ text: `#${i}` }), `b${i}`);
    await late.drain();
    expect(f.sent).toHaveLength(20);
    expect(f.maxActive).toBe(3);
  });
});
