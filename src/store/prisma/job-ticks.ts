// #15 Cron tick claims. The claim is an insert-if-absent in one statement on the (job, scheduledAt) key, so of two
// processes claiming the same tick exactly one gets a row back, on SQLite and on PostgreSQL alike (no exception is
// raised, which would abort an enclosing PostgreSQL transaction).
import type { JobTickStore } from '../types/index.js';
import type { Db } from './client.js';
import { rawSql } from './dialect.js';

export class PrismaJobTickStore implements JobTickStore {
  constructor(private readonly db: Db) {}

  async claim(t: { job: string; scheduledAt: Date; claimedAt: Date; instance: string; catchUp?: boolean }) {
    const q = rawSql(this.db);
    const inserted = await this.db.$executeRawUnsafe(
      q.text('INSERT INTO "JobTick" ("job", "scheduledAt", "claimedAt", "instance", "catchUp") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("job", "scheduledAt") DO NOTHING'),
      t.job,
      q.date(t.scheduledAt),
      q.date(t.claimedAt),
      t.instance.slice(0, 200),
      q.bool(t.catchUp ?? false),
    );
    return inserted > 0;
  }

  async isClaimed(job: string, scheduledAt: Date) {
    return (await this.db.jobTick.count({ where: { job, scheduledAt } })) > 0;
  }

  async anyBefore(at: Date) {
    return (await this.db.jobTick.findFirst({ where: { scheduledAt: { lt: at } }, select: { job: true } })) !== null;
  }

  async prune(before: Date) {
    return (await this.db.jobTick.deleteMany({ where: { scheduledAt: { lt: before } } })).count;
  }

  async list(job?: string) {
    return this.db.jobTick.findMany({ where: job ? { job } : {}, orderBy: [{ scheduledAt: 'asc' }, { job: 'asc' }] });
  }
}
