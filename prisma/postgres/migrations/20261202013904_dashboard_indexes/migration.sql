-- CreateIndex
CREATE INDEX "SlaClock_itemType_active_dueAt_idx" ON "SlaClock"("itemType", "active", "dueAt");

-- CreateIndex
CREATE INDEX "Ticket_team_createdAt_idx" ON "Ticket"("team", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_team_status_idx" ON "Ticket"("team", "status");

-- CreateIndex
CREATE INDEX "Ticket_propertyId_createdAt_idx" ON "Ticket"("propertyId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_closedAt_idx" ON "Ticket"("closedAt");

-- CreateIndex
CREATE INDEX "Ticket_completedAt_idx" ON "Ticket"("completedAt");

-- CreateIndex
CREATE INDEX "Ticket_team_closedAt_idx" ON "Ticket"("team", "closedAt");

-- CreateIndex
CREATE INDEX "Ticket_team_completedAt_idx" ON "Ticket"("team", "completedAt");
