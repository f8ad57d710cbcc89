-- CreateTable
CREATE TABLE "PatrolRound" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "kind" TEXT NOT NULL,
    "slotStart" DATETIME NOT NULL,
    "slotEnd" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "result" TEXT,
    "note" TEXT,
    "doneById" INTEGER,
    "doneAt" DATETIME,
    "ticketId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PatrolRound_status_slotEnd_idx" ON "PatrolRound"("status", "slotEnd");

-- CreateIndex
CREATE INDEX "PatrolRound_slotStart_idx" ON "PatrolRound"("slotStart");

-- CreateIndex
CREATE UNIQUE INDEX "PatrolRound_propertyId_kind_slotStart_key" ON "PatrolRound"("propertyId", "kind", "slotStart");
