-- CreateTable
CREATE TABLE "TicketMedia" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "nextAttemptAt" DATETIME NOT NULL,
    "senderId" INTEGER,
    "inboundId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "TicketMedia_status_nextAttemptAt_idx" ON "TicketMedia"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "TicketMedia_ticketId_idx" ON "TicketMedia"("ticketId");

-- CreateIndex
CREATE INDEX "TicketMedia_senderId_status_createdAt_idx" ON "TicketMedia"("senderId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TicketMedia_inboundId_ref_key" ON "TicketMedia"("inboundId", "ref");
