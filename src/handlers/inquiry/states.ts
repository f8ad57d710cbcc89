// 咨询 (inquiry): a resident's message that is not a command. 已受理 → 已回复 → 已关闭; or turned into a repair or a
// complaint (转报修 / 转投诉, same number). The desk owns it, with the complaint's reply deadline.
import type { ClockName, InquiryStatus, Ticket } from '../../store/index.js';
import { DESK_TEAM } from '../categories.js';
import { ticketAlert, type AlertItem } from '../sla/alert-item.js';

export const INQUIRY_STATUS_ZH: Record<InquiryStatus, string> = { received: '已受理', replied: '已回复', closed: '已关闭' };

export const INQUIRY_ACTION_ZH: Record<string, string> = { created: '登记', replied: '回复', closed: '关闭', converted: '转单', categorized: '调整分类' };

export function inquiryNextStep(t: Pick<Ticket, 'id' | 'status'>): string {
  if (t.status === 'received') return `回复 #${t.id} 内容 ／ 转报修 #${t.id} ／ 转投诉 #${t.id}`;
  if (t.status === 'replied') return `关闭 #${t.id}`;
  return '';
}

const INQUIRY_CLOCK_ZH: Partial<Record<ClockName, string>> = { response: '答复' };

export const inquiryAlert = (t: Ticket): AlertItem => ({
  ...ticketAlert(t, INQUIRY_CLOCK_ZH, () => `回复 #${t.id} 内容 或 转报修 #${t.id}`),
  team: DESK_TEAM,
  teamOwns: true,
});
