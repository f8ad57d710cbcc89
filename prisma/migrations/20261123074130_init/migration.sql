-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "team" TEXT,
    "wecomUserId" TEXT,
    "dingtalkUserId" TEXT,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Ticket" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
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
    "sourcePlatform" TEXT,
    "sourceChatId" TEXT,
    "rating" INTEGER,
    "nextReplyAt" DATETIME,
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

-- CreateTable
CREATE TABLE "TicketEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ticketId" INTEGER NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "inboundId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LeaveRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "leaveType" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "reason" TEXT,
    "status" TEXT NOT NULL,
    "approverRole" TEXT NOT NULL,
    "approverId" INTEGER,
    "certificateRequired" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" DATETIME,
    "approvalDueAt" DATETIME,
    "inboundId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "outgoingId" INTEGER NOT NULL,
    "incomingId" INTEGER,
    "team" TEXT,
    "dutyLog" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "confirmDueAt" DATETIME,
    "confirmedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HandoverItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "handoverId" INTEGER NOT NULL,
    "ticketId" INTEGER,
    "note" TEXT NOT NULL,
    CONSTRAINT "HandoverItem_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Drill" (
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
    "completedAt" DATETIME,
    "completedById" INTEGER,
    "previousId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SlaClock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemType" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "clock" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "nextLevel" INTEGER NOT NULL DEFAULT 0,
    "nextFireAt" DATETIME,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pausedAt" DATETIME,
    "metAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "msgId" TEXT NOT NULL,
    "chatId" TEXT,
    "chatType" TEXT,
    "senderId" TEXT,
    "text" TEXT,
    "attachments" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "processedAt" DATETIME,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Outbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "personId" INTEGER,
    "title" TEXT,
    "text" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'text',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "giveUpAt" DATETIME,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PlatformToken" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "cursor" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CalendarOverride" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "workday" BOOLEAN NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_wecomUserId_key" ON "Person"("wecomUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_dingtalkUserId_key" ON "Person"("dingtalkUserId");

-- CreateIndex
CREATE INDEX "Person_role_team_idx" ON "Person"("role", "team");

-- CreateIndex
CREATE INDEX "Ticket_status_idx" ON "Ticket"("status");

-- CreateIndex
CREATE INDEX "Ticket_reporterId_idx" ON "Ticket"("reporterId");

-- CreateIndex
CREATE INDEX "Ticket_assigneeId_status_idx" ON "Ticket"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "TicketEvent_ticketId_id_idx" ON "TicketEvent"("ticketId", "id");

-- CreateIndex
CREATE INDEX "LeaveRequest_personId_status_idx" ON "LeaveRequest"("personId", "status");

-- CreateIndex
CREATE INDEX "LeaveRequest_status_idx" ON "LeaveRequest"("status");

-- CreateIndex
CREATE INDEX "Handover_status_idx" ON "Handover"("status");

-- CreateIndex
CREATE INDEX "HandoverItem_handoverId_idx" ON "HandoverItem"("handoverId");

-- CreateIndex
CREATE UNIQUE INDEX "Drill_previousId_key" ON "Drill"("previousId");

-- CreateIndex
CREATE INDEX "Drill_status_dueAt_idx" ON "Drill"("status", "dueAt");

-- CreateIndex
CREATE INDEX "SlaClock_active_nextFireAt_idx" ON "SlaClock"("active", "nextFireAt");

-- CreateIndex
CREATE UNIQUE INDEX "SlaClock_itemType_itemId_clock_key" ON "SlaClock"("itemType", "itemId", "clock");

-- CreateIndex
CREATE INDEX "InboundMessage_processedAt_idx" ON "InboundMessage"("processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_platform_msgId_key" ON "InboundMessage"("platform", "msgId");

-- CreateIndex
CREATE UNIQUE INDEX "Outbox_dedupeKey_key" ON "Outbox"("dedupeKey");

-- CreateIndex
CREATE INDEX "Outbox_status_nextAttemptAt_idx" ON "Outbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Outbox_channel_recipient_status_idx" ON "Outbox"("channel", "recipient", "status");
