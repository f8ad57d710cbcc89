// Assertions several test folders share.
import { expect } from 'vitest';
import { DeliveryError } from '../../src/bot/channel.js';
import { say, type TestApp } from './app.js';

/** The DeliveryError a send rejects with; the test fails when it succeeds or fails with anything else. */
export async function deliveryFailure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DeliveryError);
    return err as DeliveryError;
  }
  throw new Error('expected a DeliveryError');
}

/**
 * Says `text` as `who` and asserts the reply matches `reply` and that `snapshot` (what the command could have
 * changed) reads the same before and after. Returns the reply.
 */
export async function expectRefusal(t: TestApp, snapshot: (t: TestApp) => Promise<unknown>, who: string, text: string, reply: RegExp): Promise<string> {
  const before = await snapshot(t);
  const r = await say(t, who, text);
  expect(r).toMatch(reply);
  expect(await snapshot(t)).toEqual(before);
  return r;
}

/** A rejected callback left no trace: no inbound message, no ticket. */
export async function expectNothingStored(t: TestApp): Promise<void> {
  expect(await t.prisma.inboundMessage.count()).toBe(0);
  expect(await t.prisma.ticket.count()).toBe(0);
}
