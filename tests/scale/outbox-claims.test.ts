// #15 Outbox rows claimed in batches on PostgreSQL (FOR UPDATE SKIP LOCKED): two processes claiming at once get
// disjoint rows, only the head of each recipient's queue, and a claim whose process died is claimable again after
// its lease. SQLite keeps claiming row by row (claimDue answers null).
import { afterEach, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { forEachDatabase } from '../helpers/postgres.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const row = (dedupeKey: string, recipient: string, at: Date, channel = 'fake') => ({ dedupeKey, channel, recipient, text: dedupeKey, nextAttemptAt: at });
const LEASE_MS = 30_000;

forEachDatabase('outbox batch claims', (provider) => {
  it(provider === 'postgresql' ? 'claims queue heads once across two processes, in queue order, and again after a lease ends' : 'SQLite claims row by row (claimDue answers null)', async () => {
    const a = await buildTestApp({ provider });
    apps.push(a);
    const now = a.clock.now();
    const lease = new Date(now.getTime() + LEASE_MS);
    if (provider === 'sqlite') {
      expect(await a.stores.outbox.claimDue(now, lease, 10, [])).toBeNull();
      return;
    }
    const b = await buildTestApp({ provider, dbFile: a.dbFile, clock: a.clock });
    apps.push(b);
    const later = new Date(now.getTime() + 60_000);
    await a.stores.outbox.enqueue([
      row('r1-1', 'r1', now), row('r2-1', 'r2', now), row('r1-2', 'r1', now), row('r3-1', 'r3', later), row('r3-2', 'r3', now),
      row('r2-2', 'r2', now), row('pulled-1', 'r4', now, 'console'), ...Array.from({ length: 40 }, (_, i) => row(`solo-${i}`, `s${i}`, now)),
    ]);
    // Both at once, in small batches, until nothing is left to claim.
    const seen: string[] = [];
    for (;;) {
      const [x, y] = await Promise.all([a.stores.outbox.claimDue(now, lease, 7, ['console']), b.stores.outbox.claimDue(now, lease, 7, ['console'])]);
      if (!x!.length && !y!.length) break;
      seen.push(...x!.map((r) => r.dedupeKey), ...y!.map((r) => r.dedupeKey));
    }
    // Heads only: r1-1 and r2-1 (their successors wait), r3's head is not due (so r3-2 waits), the console is excluded.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(['r1-1', 'r2-1', ...Array.from({ length: 40 }, (_, i) => `solo-${i}`)].sort());
    const byKey = new Map((await a.stores.outbox.list()).map((r) => [r.dedupeKey, r]));
    expect(byKey.get('r1-1')).toMatchObject({ status: 'sending', nextAttemptAt: lease });

    // r1-1 sent: r1-2 is next. r2-1 retried later: r2-2 keeps waiting behind it.
    await a.stores.outbox.markSent(byKey.get('r1-1')!.id, now);
    await a.stores.outbox.markRetry(byKey.get('r2-1')!.id, later, 'timeout');
    expect((await b.stores.outbox.claimDue(now, lease, 50, ['console']))!.map((r) => r.dedupeKey)).toEqual(['r1-2']);

    // The claimer of the solo rows died: after the lease they are pending again and claimed (once) by the other.
    const afterLease = new Date(lease.getTime() + 1);
    expect(await b.stores.outbox.requeueExpired(afterLease)).toBe(41);
    const retaken = await b.stores.outbox.claimDue(afterLease, new Date(afterLease.getTime() + LEASE_MS), 100, ['console']);
    expect(retaken!.map((r) => r.dedupeKey).sort()).toEqual(['r1-2', ...Array.from({ length: 40 }, (_, i) => `solo-${i}`)].sort());
    await a.stores.outbox.release(retaken![0]!.id, afterLease);
    expect((await a.stores.outbox.list()).find((r) => r.id === retaken![0]!.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
