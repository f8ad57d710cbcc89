-- CreateIndex
CREATE INDEX "SlaClock_itemType_active_dueAt_pausedAt_metAt_itemId_idx" ON "SlaClock"("itemType", "active", "dueAt", "pausedAt", "metAt", "itemId");

-- CreateIndex
CREATE INDEX "Ticket_kind_status_createdAt_idx" ON "Ticket"("kind", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_team_status_kind_createdAt_idx" ON "Ticket"("team", "status", "kind", "createdAt");
