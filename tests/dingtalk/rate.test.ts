import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createRateLimiter } from '../../src/bot/rate.js';
import { CUSTOM_ROBOT_LIMIT } from '../../src/bot/dingtalk/limits.js';

describe('rate limiter', () => {
  it('20 messages per minute per robot, on the injected clock', () => {
    const clock = fixedClock('2026-11-23T09:00:00+08:00');
    const rl = createRateLimiter({ ...CUSTOM_ROBOT_LIMIT, clock });
    for (let i = 0; i < 20; i++) {
      expect(rl.take('robot-a').ok).toBe(true);
      clock.advance(1000);
    }
    // 20 sent between 0 s and 19 s: the 21st waits until the first leaves the window (at 60 s).
    expect(rl.take('robot-a')).toEqual({ ok: false, retryAfterMs: 40_000 });
    expect(rl.take('robot-b').ok).toBe(true); // per key
    clock.advance(40_000);
    expect(rl.take('robot-a').ok).toBe(true);
    expect(rl.take('robot-a').ok).toBe(false);
  });

  it('block() refuses everything for the given time', () => {
    const clock = fixedClock('2026-11-23T09:00:00+08:00');
    const rl = createRateLimiter({ limit: 5, windowMs: 1000, clock });
    rl.block('k', 600_000);
    expect(rl.take('k')).toEqual({ ok: false, retryAfterMs: 600_000 });
    clock.advance(600_000);
    expect(rl.take('k').ok).toBe(true);
  });
});
