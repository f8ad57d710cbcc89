// Holiday / 调休 overrides: dates the bundled holiday data does not know yet, or local exceptions.

export interface CalendarOverride {
  /** YYYY-MM-DD, local date. */
  date: string;
  workday: boolean;
  note: string | null;
}

export interface CalendarStore {
  /** Every override: YYYY-MM-DD → working day or not (the table is a few rows: read it whole). */
  overrides(): Promise<Map<string, boolean>>;
  list(): Promise<CalendarOverride[]>;
  /** Inserts or replaces the rows, all in one transaction. */
  importMany(rows: readonly CalendarOverride[]): Promise<{ created: number; updated: number }>;
  /** Override rows dated between the two dates (inclusive). */
  countBetween(from: string, to: string): Promise<number>;
}
