-- CreateTable
CREATE TABLE "Property" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PersonProperty" (
    "personId" INTEGER NOT NULL,
    "propertyId" INTEGER NOT NULL,

    PRIMARY KEY ("personId", "propertyId"),
    CONSTRAINT "PersonProperty_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChatBinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "propertyId" INTEGER NOT NULL,
    "boundById" INTEGER,
    "boundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ShiftPattern" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "propertyId" INTEGER NOT NULL DEFAULT 0,
    "team" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "RosterEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "propertyId" INTEGER NOT NULL,
    "team" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "shift" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'shift',
    "coversPersonId" INTEGER,
    "source" TEXT NOT NULL DEFAULT 'import',
    "changeId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ShiftChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "propertyId" INTEGER NOT NULL,
    "team" TEXT NOT NULL,
    "requesterId" INTEGER NOT NULL,
    "toPersonId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "shift" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "approverRole" TEXT,
    "approverId" INTEGER,
    "reason" TEXT,
    "decidedAt" DATETIME,
    "inboundId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Drill" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "location" TEXT,
    "dueAt" DATETIME NOT NULL,
    "intervalMonths" INTEGER,
    "intervalHours" INTEGER,
    "status" TEXT NOT NULL,
    "result" TEXT,
    "ownerId" INTEGER,
    "team" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "completedAt" DATETIME,
    "completedById" INTEGER,
    "previousId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Drill" ("completedAt", "completedById", "createdAt", "dueAt", "id", "intervalHours", "intervalMonths", "kind", "location", "ownerId", "previousId", "result", "status", "team", "title", "updatedAt") SELECT "completedAt", "completedById", "createdAt", "dueAt", "id", "intervalHours", "intervalMonths", "kind", "location", "ownerId", "previousId", "result", "status", "team", "title", "updatedAt" FROM "Drill";
DROP TABLE "Drill";
ALTER TABLE "new_Drill" RENAME TO "Drill";
CREATE UNIQUE INDEX "Drill_previousId_key" ON "Drill"("previousId");
CREATE INDEX "Drill_status_dueAt_idx" ON "Drill"("status", "dueAt");
CREATE TABLE "new_Handover" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "outgoingId" INTEGER NOT NULL,
    "incomingId" INTEGER,
    "team" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "dutyLog" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "confirmDueAt" DATETIME,
    "confirmedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Handover" ("confirmDueAt", "confirmedAt", "createdAt", "dutyLog", "id", "incomingId", "outgoingId", "status", "team") SELECT "confirmDueAt", "confirmedAt", "createdAt", "dutyLog", "id", "incomingId", "outgoingId", "status", "team" FROM "Handover";
DROP TABLE "Handover";
ALTER TABLE "new_Handover" RENAME TO "Handover";
CREATE INDEX "Handover_status_idx" ON "Handover"("status");
CREATE TABLE "new_Ticket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "category" TEXT,
    "description" TEXT NOT NULL,
    "building" TEXT,
    "unit" TEXT,
    "room" TEXT,
    "phone" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "reporterId" INTEGER,
    "assigneeId" INTEGER,
    "accusedId" INTEGER,
    "team" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "sourcePlatform" TEXT,
    "sourceChatId" TEXT,
    "rating" INTEGER,
    "nextReplyAt" DATETIME,
    "appointmentAt" DATETIME,
    "responseDueAt" DATETIME,
    "arrivalDueAt" DATETIME,
    "resolveDueAt" DATETIME,
    "followupDueAt" DATETIME,
    "pausedAt" DATETIME,
    "completedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Ticket" ("accusedId", "appointmentAt", "arrivalDueAt", "assigneeId", "building", "category", "closedAt", "completedAt", "createdAt", "description", "followupDueAt", "id", "kind", "nextReplyAt", "pausedAt", "phone", "rating", "reporterId", "resolveDueAt", "responseDueAt", "room", "sourceChatId", "sourcePlatform", "status", "team", "unit", "updatedAt", "urgent") SELECT "accusedId", "appointmentAt", "arrivalDueAt", "assigneeId", "building", "category", "closedAt", "completedAt", "createdAt", "description", "followupDueAt", "id", "kind", "nextReplyAt", "pausedAt", "phone", "rating", "reporterId", "resolveDueAt", "responseDueAt", "room", "sourceChatId", "sourcePlatform", "status", "team", "unit", "updatedAt", "urgent" FROM "Ticket";
DROP TABLE "Ticket";
ALTER TABLE "new_Ticket" RENAME TO "Ticket";
CREATE INDEX "Ticket_status_idx" ON "Ticket"("status");
CREATE INDEX "Ticket_reporterId_idx" ON "Ticket"("reporterId");
CREATE INDEX "Ticket_assigneeId_status_idx" ON "Ticket"("assigneeId", "status");
CREATE INDEX "Ticket_kind_category_idx" ON "Ticket"("kind", "category");
CREATE INDEX "Ticket_propertyId_status_idx" ON "Ticket"("propertyId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Property_name_key" ON "Property"("name");

-- CreateIndex
CREATE INDEX "PersonProperty_propertyId_idx" ON "PersonProperty"("propertyId");

-- CreateIndex
CREATE INDEX "ChatBinding_propertyId_idx" ON "ChatBinding"("propertyId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatBinding_platform_chatId_key" ON "ChatBinding"("platform", "chatId");

-- CreateIndex
CREATE UNIQUE INDEX "ShiftPattern_propertyId_team_name_key" ON "ShiftPattern"("propertyId", "team", "name");

-- CreateIndex
CREATE INDEX "RosterEntry_startsAt_idx" ON "RosterEntry"("startsAt");

-- CreateIndex
CREATE INDEX "RosterEntry_endsAt_idx" ON "RosterEntry"("endsAt");

-- CreateIndex
CREATE INDEX "RosterEntry_personId_startsAt_idx" ON "RosterEntry"("personId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "RosterEntry_propertyId_team_date_shift_personId_key" ON "RosterEntry"("propertyId", "team", "date", "shift", "personId");

-- CreateIndex
CREATE INDEX "ShiftChange_status_idx" ON "ShiftChange"("status");

-- CreateIndex
CREATE INDEX "ShiftChange_requesterId_status_idx" ON "ShiftChange"("requesterId", "status");

-- The default property: everything recorded before properties existed belongs to it (handlers/properties.ts).
INSERT INTO "Property" ("id", "name", "aliases") VALUES (1, '默认项目', '');
