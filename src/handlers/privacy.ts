// Need to know (docs/desk-rules.md#privacy): a resident's phone number and address go in full only to the people
// working the ticket — its reporter, the assignee, the desk (客服), the leads of the ticket's team, supervisors
// and managers. Everyone else, and every group chat, sees them masked: in replies, pushes, history and digests.
import type { Person, Ticket } from '../store/index.js';
import { clip, location } from './format.js';
import { DESK } from './roles.js';

/** Who reads a text: one person, or a group chat (where anyone may read it). */
export type Reader = Person | 'group';

type TicketParties = Pick<Ticket, 'reporterId' | 'assigneeId' | 'team'>;

/** Whether `p` works the ticket (and so may see the resident's phone and address). */
export function worksOn(p: Person, t: TicketParties): boolean {
  if (p.id === t.reporterId) return true;
  if (!p.active || !p.verified) return false;
  if (p.id === t.assigneeId || p.role === 'supervisor' || p.role === 'manager') return true;
  if (p.team === DESK && (p.role === 'staff' || p.role === 'lead')) return true;
  return p.role === 'lead' && t.team !== null && p.team === t.team;
}

export const seesPersonal = (reader: Reader, t: TicketParties): boolean => reader !== 'group' && worksOn(reader, t);

/** Mobile numbers (also spaced, dashed or +86), landlines, and any other run of 7 or more digits. */
const PHONE_LIKE = /(?<![\d])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)|(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)|(?<!\d)\d{7,}(?!\d)/g;

/** 138****5678: the only form a phone number may take outside the people working a ticket. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const d = phone.replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
}

/** Every phone-number-like run in free text, masked. */
export const maskPhones = (text: string): string => text.replace(PHONE_LIKE, (m) => maskPhone(m));

// Room numbers in free text: 8栋502, 3号楼2单元1502室, 12-3-802, 2单元801 → the room becomes ***.
const ROOM_AFTER_BUILDING = /((?:\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|栋|幢|座|#)\s*(?:\d{1,2}\s*(?:单元|门)\s*)?(?:\d{1,2}\s*(?:楼|层)\s*)?)(\d{2,5})(?!\d)/g;
const ROOM_DASHED = /(?<![\d.\/-])(\d{1,3}-\d{1,2}-)\d{3,5}(?![\d-])/g;
const ROOM_AFTER_UNIT = /((?<!\d)\d{1,2}\s*单元\s*)(\d{2,5})(?!\d)/g;

/** Phone numbers and room numbers in free text, masked (a place stays readable to the building and unit). */
export const maskPersonal = (text: string): string =>
  maskPhones(text).replace(ROOM_AFTER_BUILDING, '$1***').replace(ROOM_DASHED, '$1***').replace(ROOM_AFTER_UNIT, '$1***');

/** A ticket's data as one reader may see it. */
export interface TicketView {
  /** Whether the reader sees the resident's data in full. */
  readonly full: boolean;
  /** 3栋2单元1502, or 3栋2单元*** for others; '' when unknown. */
  location(): string;
  phone(): string;
  /** Free text written about the ticket (description, notes). */
  text(s: string): string;
  /** 报修#12（紧急）3栋2单元1502 厨房水管漏水 */
  line(): string;
}

export function ticketView(reader: Reader, t: Ticket): TicketView {
  const full = seesPersonal(reader, t);
  const text = (s: string) => (full ? s : maskPersonal(s));
  const where = () => (full || !t.room ? location(t) : location({ ...t, room: '***' }));
  return {
    full,
    location: where,
    phone: () => (full ? (t.phone ?? '') : maskPhone(t.phone)),
    text,
    line: () => `${t.kind === 'repair' ? '报修' : '投诉'}#${t.id}${t.urgent ? '（紧急）' : ''} ${where() ? `${where()} ` : ''}${clip(text(t.description), 40)}`,
  };
}
