// 巡查 (patrol round) states: open → done (正常 or 发现 …) or missed (the slot ended without a result); how a round reads.
import { localParts } from '../../clock.js';
import type { PatrolRound } from '../../store/index.js';
import { clip } from '../format.js';
import { patrolTitle } from './kinds.js';

export const patrolRef = (r: Pick<PatrolRound, 'id'>): string => `巡查#${r.id}`;

const pad = (n: number) => String(n).padStart(2, '0');

/** The end of a slot: 12:00 (a slot ending at midnight: 24:00). */
export function slotEndZh(r: Pick<PatrolRound, 'slotStart' | 'slotEnd'>, offsetMinutes: number): string {
  const a = localParts(r.slotStart, offsetMinutes);
  const b = localParts(r.slotEnd, offsetMinutes);
  return b.hour === 0 && b.minute === 0 && b.day !== a.day ? '24:00' : `${pad(b.hour)}:${pad(b.minute)}`;
}

/** 10:00–12:00 (a slot ending at midnight: 22:00–24:00). */
export function slotZh(r: Pick<PatrolRound, 'slotStart' | 'slotEnd'>, offsetMinutes: number): string {
  const a = localParts(r.slotStart, offsetMinutes);
  return `${pad(a.hour)}:${pad(a.minute)}–${slotEndZh(r, offsetMinutes)}`;
}

/** 巡查#5（10:00–12:00 消防安全重点部位防火巡查） */
export const roundName = (r: Pick<PatrolRound, 'id' | 'kind' | 'slotStart' | 'slotEnd'>, offsetMinutes: number): string =>
  `${patrolRef(r)}（${slotZh(r, offsetMinutes)} ${patrolTitle(r.kind)}）`;

/** The commands that close a round, for reminders and replies. */
export const doneHint = (r: Pick<PatrolRound, 'id'>): string => `「巡查 完成 #${r.id} 正常」；发现问题请发送「巡查 完成 #${r.id} 发现 具体情况」`;

/** What a round came to: 正常 / 发现问题：… / 漏巡 / 进行中. */
export function outcomeZh(r: Pick<PatrolRound, 'status' | 'result' | 'note' | 'ticketId'>): string {
  if (r.status === 'missed') return '漏巡';
  if (r.status === 'open') return '进行中';
  if (r.result === 'finding') return `发现问题：${clip(r.note ?? '', 30)}${r.ticketId ? `（已转报修#${r.ticketId}）` : ''}`;
  return `正常${r.note ? `（${clip(r.note, 20)}）` : ''}`;
}
