// Leave requests (请假).
import type { Role } from './people.js';

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
export type LeaveKind = 'personal' | 'sick' | 'annual' | 'other';

export interface LeaveRequest {
  id: number;
  personId: number;
  leaveType: LeaveKind;
  /** YYYY-MM-DD, local dates, inclusive. */
  startDate: string;
  endDate: string;
  days: number;
  reason: string | null;
  status: LeaveStatus;
  /** The lowest role that may decide it (lead | supervisor | manager). */
  approverRole: Role;
  approverId: number | null;
  certificateRequired: boolean;
  decidedAt: Date | null;
  approvalDueAt: Date | null;
  inboundId: number | null;
  createdAt: Date;
}

export type LeaveInput = Pick<LeaveRequest, 'personId' | 'leaveType' | 'startDate' | 'endDate' | 'days' | 'reason' | 'approverRole' | 'certificateRequired' | 'inboundId' | 'createdAt'>;

export interface LeaveStore {
  /** Inserts a pending request. */
  create(input: LeaveInput): Promise<LeaveRequest>;
  get(id: number): Promise<LeaveRequest | null>;
  /** Conditional status change; null when the request is no longer in `from`. */
  transition(id: number, from: LeaveStatus, to: LeaveStatus, patch?: Partial<Pick<LeaveRequest, 'approverId' | 'decidedAt'>>): Promise<LeaveRequest | null>;
  setDue(id: number, approvalDueAt: Date): Promise<void>;
  listFor(personId: number, status?: LeaveStatus): Promise<LeaveRequest[]>;
  /** Every request waiting for a decision, oldest first. */
  listPending(): Promise<LeaveRequest[]>;
  byIds(ids: readonly number[]): Promise<LeaveRequest[]>;
}
