// The patrol and drill-time settings loadConfig reads (docs/desk-rules.md#patrol-rounds): which patrols run in
// rounds, how long a round is, during which hours, which team patrols; and the time of day default drills fall due.
import { ConfigError, int, str, type Env } from './config-read.js';
import { PATROL_KINDS } from './handlers/patrol/kinds.js';

export interface PatrolConfig {
  /** Patrol kinds that run in rounds: a kind of handlers/patrol/kinds.ts, or a title of a site's own patrol. */
  kinds: string[];
  /** The team that patrols: its people are reminded of each round, its lead hears of missed rounds. */
  team: string;
  intervalHours: number;
  /** Active hours as local minutes of the day: from `from` until `until` (until ≤ from runs past midnight; equal: 24 h). */
  from: number;
  until: number;
}

/** HH:MM → minutes of the day; 24:00 is allowed only as an end. */
function minutesOf(v: string, allowEnd: boolean): number | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(v.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && (min > 0 || !allowEnd))) return null;
  return h * 60 + min;
}

/** A local time of day, HH:MM (DRILL_DEFAULT_TIME). */
export function timeOfDay(env: Env, key: string, def: string): string {
  const v = str(env, key) ?? def;
  const m = minutesOf(v, false);
  if (m === null) throw new ConfigError(key, '必须是 HH:MM 格式的时刻，例如 09:00', 'must be a time of day HH:MM, e.g. 09:00');
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function patrolKinds(env: Env, key: string): string[] {
  const v = str(env, key);
  if (v === undefined) return PATROL_KINDS.map((k) => k.kind);
  if (v === 'none') return [];
  const kinds = [...new Set(v.split(/[,，、]/).map((p) => p.trim()).filter(Boolean))];
  if (!kinds.length || kinds.some((k) => k.length > 30 || (/^[\x20-\x7e]+$/.test(k) && !PATROL_KINDS.some((p) => p.kind === k)))) {
    const known = PATROL_KINDS.map((k) => k.kind).join('、');
    throw new ConfigError(key, `必须是 none，或以逗号分隔的巡查类型（${known}）或巡查名称（如 夜间治安巡逻）`, `must be none or comma-separated patrol kinds (${known}) or names`);
  }
  return kinds;
}

export function loadPatrol(env: Env): PatrolConfig {
  const hours = str(env, 'PATROL_ACTIVE_HOURS') ?? '00:00-24:00';
  const [a, b] = hours.split(/[-–~～至]/);
  const from = a === undefined ? null : minutesOf(a, false);
  const until = b === undefined ? null : minutesOf(b, true);
  if (from === null || until === null) {
    throw new ConfigError('PATROL_ACTIVE_HOURS', '必须是 开始-结束 的时刻，例如 00:00-24:00（全天）或 20:00-08:00（夜间）', 'must be start-end times, e.g. 00:00-24:00 or 20:00-08:00');
  }
  return {
    kinds: patrolKinds(env, 'PATROL_KINDS'),
    team: str(env, 'PATROL_TEAM') ?? '保安',
    intervalHours: int(env, 'PATROL_INTERVAL_HOURS', 2, 1, 24),
    from,
    until,
  };
}
