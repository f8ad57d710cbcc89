-- CreateTable
CREATE TABLE "LeaveMedia" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "leaveId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "senderId" INTEGER,
    "inboundId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LeaveRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "leaveType" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "startHalf" TEXT NOT NULL DEFAULT 'am',
    "endDate" TEXT NOT NULL,
    "endHalf" TEXT NOT NULL DEFAULT 'pm',
    "startTime" TEXT,
    "endTime" TEXT,
    "days" REAL NOT NULL,
    "minutes" INTEGER,
    "reason" TEXT,
    "status" TEXT NOT NULL,
    "approverRole" TEXT NOT NULL,
    "approverId" INTEGER,
    "askedIds" TEXT NOT NULL DEFAULT '',
    "certificateRequired" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" DATETIME,
    "approvalDueAt" DATETIME,
    "returnedAt" DATETIME,
    "plannedEnd" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "inboundId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_LeaveRequest" ("approvalDueAt", "approverId", "approverRole", "certificateRequired", "createdAt", "days", "decidedAt", "endDate", "id", "inboundId", "leaveType", "personId", "reason", "startDate", "status", "updatedAt") SELECT "approvalDueAt", "approverId", "approverRole", "certificateRequired", "createdAt", "days", "decidedAt", "endDate", "id", "inboundId", "leaveType", "personId", "reason", "startDate", "status", "updatedAt" FROM "LeaveRequest";
DROP TABLE "LeaveRequest";
ALTER TABLE "new_LeaveRequest" RENAME TO "LeaveRequest";
CREATE INDEX "LeaveRequest_personId_status_idx" ON "LeaveRequest"("personId", "status");
CREATE INDEX "LeaveRequest_status_idx" ON "LeaveRequest"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LeaveMedia_leaveId_idx" ON "LeaveMedia"("leaveId");

-- CreateIndex
CREATE UNIQUE INDEX "LeaveMedia_inboundId_ref_key" ON "LeaveMedia"("inboundId", "ref");
