-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "team" TEXT,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "verified" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonAccount" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,

    CONSTRAINT "PersonAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ticket" (
    "id" SERIAL NOT NULL,
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
    "nextReplyAt" TIMESTAMP(3),
    "appointmentAt" TIMESTAMP(3),
    "responseDueAt" TIMESTAMP(3),
    "arrivalDueAt" TIMESTAMP(3),
    "resolveDueAt" TIMESTAMP(3),
    "followupDueAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketEvent" (
    "id" SERIAL NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "inboundId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeaveRequest" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "leaveType" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "startHalf" TEXT NOT NULL DEFAULT 'am',
    "endDate" TEXT NOT NULL,
    "endHalf" TEXT NOT NULL DEFAULT 'pm',
    "startTime" TEXT,
    "endTime" TEXT,
    "days" DOUBLE PRECISION NOT NULL,
    "minutes" INTEGER,
    "reason" TEXT,
    "status" TEXT NOT NULL,
    "approverRole" TEXT NOT NULL,
    "approverId" INTEGER,
    "askedIds" TEXT NOT NULL DEFAULT '',
    "certificateRequired" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3),
    "approvalDueAt" TIMESTAMP(3),
    "returnedAt" TIMESTAMP(3),
    "plannedEnd" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "inboundId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LeaveRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeaveMedia" (
    "id" SERIAL NOT NULL,
    "leaveId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "senderId" INTEGER,
    "inboundId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LeaveMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Handover" (
    "id" SERIAL NOT NULL,
    "outgoingId" INTEGER NOT NULL,
    "incomingId" INTEGER,
    "team" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "dutyLog" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "confirmDueAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Handover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HandoverItem" (
    "id" SERIAL NOT NULL,
    "handoverId" INTEGER NOT NULL,
    "ticketId" INTEGER,
    "note" TEXT NOT NULL,

    CONSTRAINT "HandoverItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DutyLogReview" (
    "id" SERIAL NOT NULL,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "team" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "reviewedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,

    CONSTRAINT "DutyLogReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DutyLogSample" (
    "id" SERIAL NOT NULL,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "month" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DutyLogSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Drill" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "location" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "intervalMonths" INTEGER,
    "intervalHours" INTEGER,
    "status" TEXT NOT NULL,
    "result" TEXT,
    "ownerId" INTEGER,
    "team" TEXT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "completedAt" TIMESTAMP(3),
    "completedById" INTEGER,
    "previousId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Drill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatrolRound" (
    "id" SERIAL NOT NULL,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "kind" TEXT NOT NULL,
    "slotStart" TIMESTAMP(3) NOT NULL,
    "slotEnd" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "result" TEXT,
    "note" TEXT,
    "doneById" INTEGER,
    "doneAt" TIMESTAMP(3),
    "ticketId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PatrolRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaClock" (
    "id" SERIAL NOT NULL,
    "itemType" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "clock" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "nextLevel" INTEGER NOT NULL DEFAULT 0,
    "nextFireAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pausedAt" TIMESTAMP(3),
    "metAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlaClock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "msgId" TEXT NOT NULL,
    "chatId" TEXT,
    "chatType" TEXT,
    "senderId" TEXT,
    "text" TEXT,
    "attachments" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "processedAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outbox" (
    "id" SERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "personId" INTEGER,
    "title" TEXT,
    "text" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'text',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "giveUpAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformToken" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformToken_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "key" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CalendarOverride" (
    "date" TEXT NOT NULL,
    "workday" BOOLEAN NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarOverride_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "TicketMedia" (
    "id" SERIAL NOT NULL,
    "ticketId" INTEGER,
    "kind" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "path" TEXT,
    "bytes" INTEGER,
    "contentType" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "senderId" INTEGER,
    "inboundId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TicketMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Property" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Property_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonProperty" (
    "personId" INTEGER NOT NULL,
    "propertyId" INTEGER NOT NULL,

    CONSTRAINT "PersonProperty_pkey" PRIMARY KEY ("personId","propertyId")
);

-- CreateTable
CREATE TABLE "ChatBinding" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "propertyId" INTEGER NOT NULL,
    "boundById" INTEGER,
    "boundAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShiftPattern" (
    "id" SERIAL NOT NULL,
    "propertyId" INTEGER NOT NULL DEFAULT 0,
    "team" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,

    CONSTRAINT "ShiftPattern_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterEntry" (
    "id" SERIAL NOT NULL,
    "propertyId" INTEGER NOT NULL,
    "team" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "shift" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'shift',
    "coversPersonId" INTEGER,
    "source" TEXT NOT NULL DEFAULT 'import',
    "changeId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RosterEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShiftChange" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "propertyId" INTEGER NOT NULL,
    "team" TEXT NOT NULL,
    "requesterId" INTEGER NOT NULL,
    "toPersonId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "shift" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "approverRole" TEXT,
    "approverId" INTEGER,
    "reason" TEXT,
    "decidedAt" TIMESTAMP(3),
    "inboundId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShiftChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebLoginLink" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebLoginLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebSession" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Person_role_team_idx" ON "Person"("role", "team");

-- CreateIndex
CREATE INDEX "Person_name_idx" ON "Person"("name");

-- CreateIndex
CREATE INDEX "PersonAccount_externalId_idx" ON "PersonAccount"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonAccount_provider_externalId_key" ON "PersonAccount"("provider", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonAccount_personId_provider_key" ON "PersonAccount"("personId", "provider");

-- CreateIndex
CREATE INDEX "Ticket_status_idx" ON "Ticket"("status");

-- CreateIndex
CREATE INDEX "Ticket_reporterId_idx" ON "Ticket"("reporterId");

-- CreateIndex
CREATE INDEX "Ticket_assigneeId_status_idx" ON "Ticket"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Ticket_kind_category_idx" ON "Ticket"("kind", "category");

-- CreateIndex
CREATE INDEX "Ticket_propertyId_status_idx" ON "Ticket"("propertyId", "status");

-- CreateIndex
CREATE INDEX "Ticket_kind_createdAt_idx" ON "Ticket"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_createdAt_idx" ON "Ticket"("createdAt");

-- CreateIndex
CREATE INDEX "TicketEvent_ticketId_id_idx" ON "TicketEvent"("ticketId", "id");

-- CreateIndex
CREATE INDEX "LeaveRequest_personId_status_idx" ON "LeaveRequest"("personId", "status");

-- CreateIndex
CREATE INDEX "LeaveRequest_status_idx" ON "LeaveRequest"("status");

-- CreateIndex
CREATE INDEX "LeaveMedia_leaveId_idx" ON "LeaveMedia"("leaveId");

-- CreateIndex
CREATE UNIQUE INDEX "LeaveMedia_inboundId_ref_key" ON "LeaveMedia"("inboundId", "ref");

-- CreateIndex
CREATE INDEX "Handover_status_idx" ON "Handover"("status");

-- CreateIndex
CREATE INDEX "HandoverItem_handoverId_idx" ON "HandoverItem"("handoverId");

-- CreateIndex
CREATE INDEX "DutyLogReview_propertyId_kind_date_idx" ON "DutyLogReview"("propertyId", "kind", "date");

-- CreateIndex
CREATE UNIQUE INDEX "DutyLogReview_propertyId_team_date_kind_key" ON "DutyLogReview"("propertyId", "team", "date", "kind");

-- CreateIndex
CREATE INDEX "DutyLogSample_propertyId_month_idx" ON "DutyLogSample"("propertyId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "DutyLogSample_propertyId_team_date_key" ON "DutyLogSample"("propertyId", "team", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Drill_previousId_key" ON "Drill"("previousId");

-- CreateIndex
CREATE INDEX "Drill_status_dueAt_idx" ON "Drill"("status", "dueAt");

-- CreateIndex
CREATE INDEX "PatrolRound_status_slotEnd_idx" ON "PatrolRound"("status", "slotEnd");

-- CreateIndex
CREATE INDEX "PatrolRound_slotStart_idx" ON "PatrolRound"("slotStart");

-- CreateIndex
CREATE UNIQUE INDEX "PatrolRound_propertyId_kind_slotStart_key" ON "PatrolRound"("propertyId", "kind", "slotStart");

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

-- CreateIndex
CREATE INDEX "TicketMedia_status_nextAttemptAt_idx" ON "TicketMedia"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "TicketMedia_ticketId_idx" ON "TicketMedia"("ticketId");

-- CreateIndex
CREATE INDEX "TicketMedia_senderId_status_createdAt_idx" ON "TicketMedia"("senderId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TicketMedia_inboundId_ref_key" ON "TicketMedia"("inboundId", "ref");

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

-- CreateIndex
CREATE UNIQUE INDEX "WebLoginLink_tokenHash_key" ON "WebLoginLink"("tokenHash");

-- CreateIndex
CREATE INDEX "WebLoginLink_personId_idx" ON "WebLoginLink"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "WebSession_tokenHash_key" ON "WebSession"("tokenHash");

-- CreateIndex
CREATE INDEX "WebSession_personId_idx" ON "WebSession"("personId");

-- AddForeignKey
ALTER TABLE "PersonAccount" ADD CONSTRAINT "PersonAccount_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandoverItem" ADD CONSTRAINT "HandoverItem_handoverId_fkey" FOREIGN KEY ("handoverId") REFERENCES "Handover"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonProperty" ADD CONSTRAINT "PersonProperty_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The default property: everything recorded before properties existed belongs to it (handlers/properties.ts).
-- Kept in step with prisma/migrations/20261201220751_properties_and_roster, and the sequence moves past it.
INSERT INTO "Property" ("id", "name", "aliases") VALUES (1, '默认项目', '');
SELECT setval(pg_get_serial_sequence('"Property"', 'id'), 1);
