// Leave requests (请假) and the photos sent for them (a doctor's certificate).

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
export type LeaveKind = 'personal' | 'sick' | 'annual' | 'other';
/** The morning or the afternoon of a working day (上午 / 下午). */
export type Half = 'am' | 'pm';
/** Who must decide: a team lead, a supervisor, a manager, or the top of the chain (总经理). */
export type ApproverLevel = 'lead' | 'supervisor' | 'manager' | 'top';

/** Where a leave ends and how long it is: kept apart when 销假 shortens it. */
export interface LeaveEnd {
  endDate: string;
  endHalf: Half;
  endTime: string | null;
  days: number;
  minutes: number | null;
}

export interface LeaveRequest extends LeaveEnd {
  id: number;
  personId: number;
  leaveType: LeaveKind;
  /** YYYY-MM-DD, local date; a day leave starts with its `startHalf` (am: the whole day). */
  startDate: string;
  startHalf: Half;
  /** Hour leave: HH:MM on startDate, ending at endTime the same day; null for a day leave. */
  startTime: string | null;
  // endDate (inclusive) ends with endHalf (pm: the whole day); days: counted working days, decimal (0.5, 1.5; an
  // hour leave: minutes / the working day); minutes: the hour leave's working minutes, null for a day leave.
  reason: string | null;
  status: LeaveStatus;
  /** The lowest level that may decide it. */
  approverRole: ApproverLevel;
  approverId: number | null;
  /** The people asked to decide when it was submitted. */
  askedIds: number[];
  certificateRequired: boolean;
  decidedAt: Date | null;
  approvalDueAt: Date | null;
  /** 销假: when the person came back. */
  returnedAt: Date | null;
  /** The end and length as approved, when an early 销假 shortened it. */
  plannedEnd: LeaveEnd | null;
  inboundId: number | null;
  createdAt: Date;
}

export type LeaveInput = Pick<
  LeaveRequest,
  'personId' | 'leaveType' | 'startDate' | 'startHalf' | 'startTime' | 'endDate' | 'endHalf' | 'endTime' | 'days' | 'minutes' | 'reason' | 'approverRole' | 'askedIds' | 'certificateRequired' | 'inboundId' | 'createdAt'
>;

/** A photo (or voice message) sent for a leave request. */
export interface LeaveMediaInput {
  leaveId: number;
  kind: 'image' | 'voice';
  platform: string;
  /** Platform media id, download code or URL, as received. */
  ref: string;
  senderId: number | null;
  inboundId: number;
}

export interface LeaveStore {
  /** Inserts a pending request. */
  create(input: LeaveInput): Promise<LeaveRequest>;
  get(id: number): Promise<LeaveRequest | null>;
  /** Conditional status change; null when the request is no longer in `from`. */
  transition(id: number, from: LeaveStatus, to: LeaveStatus, patch?: Partial<Pick<LeaveRequest, 'approverId' | 'decidedAt' | 'returnedAt'>>): Promise<LeaveRequest | null>;
  /** 销假 before the planned end: approved → returned with the new end, the planned one kept; null when no longer approved. */
  returnEarly(id: number, end: LeaveEnd, at: Date): Promise<LeaveRequest | null>;
  setDue(id: number, approvalDueAt: Date): Promise<void>;
  listFor(personId: number, status?: LeaveStatus): Promise<LeaveRequest[]>;
  /** Every request waiting for a decision, oldest first. */
  listPending(): Promise<LeaveRequest[]>;
  byIds(ids: readonly number[]): Promise<LeaveRequest[]>;
  /** Records photos for a request; an (inboundId, ref) recorded before is skipped. Returns how many are new. */
  addMedia(rows: LeaveMediaInput[], at: Date): Promise<number>;
  /** How many photos a request has. */
  imageCount(leaveId: number): Promise<number>;
}
