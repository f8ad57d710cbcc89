-- CreateIndex
CREATE INDEX "Ticket_team_createdAt_idx" ON "Ticket"("team", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_propertyId_createdAt_idx" ON "Ticket"("propertyId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_closedAt_idx" ON "Ticket"("closedAt");

-- CreateIndex
CREATE INDEX "Ticket_completedAt_idx" ON "Ticket"("completedAt");
