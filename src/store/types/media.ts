// Photos and voice messages on tickets: the rows (one per attachment of an inbound message) and the folder
// their files are kept in. The rows say where a file is by its name only; the MediaStore maps names to files,
// so the folder (or, later, another kind of storage) can move without touching the database.

export type MediaKind = 'image' | 'voice';
export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'voice'];
/** unattached: no ticket fitted yet · pending: to download · stored: the file is in the media folder · failed: for good. */
export type MediaStatus = 'unattached' | 'pending' | 'stored' | 'failed';

export interface TicketMedia {
  id: number;
  ticketId: number | null;
  kind: MediaKind;
  /** IncomingMessage.platform of the message it came with: whose API downloads `ref`. */
  platform: string;
  /** Platform media id, download code or URL. */
  ref: string;
  status: MediaStatus;
  /** File name in the media folder once stored (MediaStore.path(name) is where it is). */
  path: string | null;
  bytes: number | null;
  contentType: string | null;
  /** Why it failed (Chinese), or the last error while it is retried. */
  error: string | null;
  /** Downloads started so far. */
  attempts: number;
  nextAttemptAt: Date;
  /** The person who sent it. */
  senderId: number | null;
  inboundId: number;
  createdAt: Date;
}

export interface TicketMediaInput {
  /** null: no ticket fitted (recorded unattached). */
  ticketId: number | null;
  kind: MediaKind;
  platform: string;
  ref: string;
  senderId: number | null;
  inboundId: number;
}

export interface MediaCounts {
  /** Not failed (stored, or still being downloaded). */
  image: number;
  voice: number;
  failed: number;
}

export interface StoredFile {
  path: string;
  bytes: number;
  contentType: string;
}

export interface TicketMediaStore {
  /** Records attachments at `at` (pending when a ticket is given, else unattached); an (inboundId, ref) recorded before is skipped. Returns how many are new. */
  record(rows: TicketMediaInput[], at: Date): Promise<number>;
  /** The sender's media recorded unattached since `since`, oldest first. */
  unattached(senderId: number, since: Date): Promise<TicketMedia[]>;
  /** Unattached rows go onto the ticket, to be downloaded from `at`; returns how many. */
  attach(ids: readonly number[], ticketId: number, at: Date): Promise<number>;
  /** A ticket's media, oldest first; `path` is set once stored (for the dashboard: MediaStore.path(path)). */
  listForTicket(ticketId: number): Promise<TicketMedia[]>;
  counts(ticketId: number): Promise<MediaCounts>;
  get(id: number): Promise<TicketMedia | null>;
  /** Pending rows due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<TicketMedia[]>;
  /**
   * Claims a due row for one download until `leaseUntil` (counts the attempt): false when another process claimed
   * it first. A process that dies mid-download leaves the row pending; it is due again when the lease ends.
   * The claim is named by the attempt number: the marks below change the row only while that claim holds.
   */
  claim(row: Pick<TicketMedia, 'id' | 'attempts'>, now: Date, leaseUntil: Date): Promise<boolean>;
  markStored(id: number, attempt: number, file: StoredFile, at: Date): Promise<boolean>;
  markRetry(id: number, attempt: number, nextAttemptAt: Date, error: string): Promise<boolean>;
  markFailed(id: number, attempt: number, error: string): Promise<boolean>;
}

/** The folder the files are kept in. Names come from ids only (<ticketId>-<rowId>.<ext>); anything else is refused. */
export interface MediaStore {
  /** Writes the file whole or not at all (temporary file, fsync, rename); returns its path. */
  put(name: string, bytes: Buffer): Promise<string>;
  /** The file's content, or null when there is none. */
  get(name: string): Promise<Buffer | null>;
  /** Where the file is (absolute); throws for a name that is not a media file name. */
  path(name: string): string;
  /** Leftovers of writes that never finished (a crash), for checks and clean-up. */
  partials(): Promise<string[]>;
}

/** <ticketId>-<rowId>.<ext>: the only file names a MediaStore accepts. */
export const MEDIA_FILE_NAME = /^[1-9]\d{0,11}-[1-9]\d{0,11}\.[a-z0-9]{2,5}$/;

export const mediaFileName = (ticketId: number, rowId: number, extension: string): string => {
  const name = `${ticketId}-${rowId}.${extension}`;
  if (!MEDIA_FILE_NAME.test(name)) throw new Error(`invalid media file name ${JSON.stringify(name)}`);
  return name;
};
