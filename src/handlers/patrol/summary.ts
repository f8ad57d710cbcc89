// Today's rounds counted: for 巡查 今日, the missed-round alert and the daily digest.
import { DAY, fromLocal, localDate } from '../../clock.js';
import type { PatrolRound, PatrolStore } from '../../store/index.js';
import { clip } from '../format.js';
import { patrolRef, slotZh } from './states.js';

export interface RoundCounts {
  total: number;
  done: number;
  normal: number;
  findings: number;
  missed: number;
  open: number;
}

export function countRounds(rounds: readonly PatrolRound[]): RoundCounts {
  const done = rounds.filter((r) => r.status === 'done');
  return {
    total: rounds.length,
    done: done.length,
    normal: done.filter((r) => r.result === 'normal').length,
    findings: done.filter((r) => r.result === 'finding').length,
    missed: rounds.filter((r) => r.status === 'missed').length,
    open: rounds.filter((r) => r.status === 'open').length,
  };
}

/** 共6轮：已完成3轮（正常2、发现问题1），漏巡2轮，进行中1轮 */
export function countsZh(c: RoundCounts): string {
  const parts = [`已完成${c.done}轮${c.done ? `（正常${c.normal}${c.findings ? `、发现问题${c.findings}` : ''}）` : ''}`, `漏巡${c.missed}轮`];
  if (c.open) parts.push(`进行中${c.open}轮`);
  return `共${c.total}轮：${parts.join('，')}`;
}

/** The rounds whose slot starts on the local day of `now`, in slot order. */
export function roundsOfDay(patrols: Pick<PatrolStore, 'startingBetween'>, now: Date, offsetMinutes: number): Promise<PatrolRound[]> {
  const start = fromLocal(localDate(now, offsetMinutes), '00:00', offsetMinutes);
  return patrols.startingBetween(start, new Date(start.getTime() + DAY));
}

/** The daily digest's section: counts, the missed slots, and findings not yet turned into a repair. */
export function patrolDigestLines(rounds: readonly PatrolRound[], offsetMinutes: number, top: number): string[] {
  if (!rounds.length) return [];
  const lines = [`今日巡查 ${countsZh(countRounds(rounds))}`];
  const missed = rounds.filter((r) => r.status === 'missed');
  if (missed.length) {
    const shown = missed.slice(0, top).map((r) => `${patrolRef(r)} ${slotZh(r, offsetMinutes)}`);
    lines.push(`- 漏巡：${shown.join('、')}${missed.length > top ? ` 等${missed.length}轮` : ''}`);
  }
  for (const r of rounds.filter((x) => x.result === 'finding' && !x.ticketId).slice(0, top)) {
    lines.push(`- ${patrolRef(r)} 发现：${clip(r.note ?? '', 30)}，需维修请发送「巡查 #${r.id} 转报修」`);
  }
  return lines;
}
