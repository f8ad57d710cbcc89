// src/store is the only path to the database: these interfaces, and openDatabase for the composition root.
export type * from './types/index.js';
export { ROLES, TICKET_FINAL_STATUSES, TICKET_OPEN_STATUSES, REPAIR_STATUSES, COMPLAINT_STATUSES, MEDIA_KINDS, MEDIA_FILE_NAME, mediaFileName, COUNT_CAP } from './types/index.js';
export { mediaDirectory } from './files/media-dir.js';
export { openDatabase, databaseOver, type PrismaDatabase } from './prisma/database.js';
