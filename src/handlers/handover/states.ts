// 交班 (handover) states: pending (waiting for 接班) → confirmed; how a handover reads in alerts.
import type { Handover } from '../../store/index.js';
import { clip, handoverRef } from '../format.js';
import type { AlertItem } from '../sla/alert-item.js';

/** The SLA item a handover's confirmation clock belongs to. */
export const handoverItem = (h: Pick<Handover, 'id'>) => ({ type: 'handover' as const, id: h.id });

/** A handover waiting for 接班, as an SLA alert describes it. */
export function handoverAlert(h: Handover, outgoingName: string): AlertItem {
  const summary = `${outgoingName}交班：${clip(h.dutyLog, 30)}`;
  return {
    ref: handoverRef(h.id),
    summary,
    groupSummary: summary,
    recusedId: null,
    ownerId: h.incomingId,
    team: h.team,
    propertyId: h.propertyId,
    open: h.status !== 'confirmed' && !h.confirmedAt,
    label: () => '接班确认',
    action: () => '接班',
  };
}
