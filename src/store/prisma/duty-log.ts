import type { DutyLogKey, DutyLogReview, DutyLogReviewInput, DutyLogReviewKind, DutyLogSample, DutyLogStore } from '../types/index.js';
import type { Db } from './client.js';

const DEFAULT_PROPERTY = 1;
type Raw = Omit<DutyLogReview, 'kind'> & { kind: string };
const toReview = (r: Raw): DutyLogReview => ({ ...r, kind: r.kind as DutyLogReviewKind });
const byLog = [{ date: 'asc' as const }, { team: 'asc' as const }];

export class PrismaDutyLogStore implements DutyLogStore {
  constructor(private readonly db: Db) {}

  async review(input: DutyLogReviewInput) {
    const existing = await this.reviewOf(input, input.kind);
    if (existing) return { review: existing, created: false };
    const { propertyId = DEFAULT_PROPERTY, note = null, ...rest } = input;
    return { review: toReview(await this.db.dutyLogReview.create({ data: { ...rest, propertyId, note } })), created: true };
  }

  async reviewOf(key: DutyLogKey, kind: DutyLogReviewKind) {
    const { propertyId = DEFAULT_PROPERTY, team, date } = key;
    const r = await this.db.dutyLogReview.findUnique({ where: { propertyId_team_date_kind: { propertyId, team, date, kind } } });
    return r ? toReview(r) : null;
  }

  async reviewsBetween(kind: DutyLogReviewKind, from: string, to: string, propertyId = DEFAULT_PROPERTY) {
    const rows = await this.db.dutyLogReview.findMany({ where: { propertyId, kind, date: { gte: from, lte: to } }, orderBy: byLog });
    return rows.map(toReview);
  }

  async saveSample(month: string, picks: ReadonlyArray<{ team: string; date: string }>, at: Date, propertyId = DEFAULT_PROPERTY) {
    for (const { team, date } of picks) {
      await this.db.dutyLogSample.upsert({ where: { propertyId_team_date: { propertyId, team, date } }, create: { propertyId, month, team, date, createdAt: at }, update: {} });
    }
    return this.sample(month, propertyId);
  }

  async sample(month: string, propertyId = DEFAULT_PROPERTY): Promise<DutyLogSample[]> {
    return this.db.dutyLogSample.findMany({ where: { propertyId, month }, orderBy: byLog });
  }
}
