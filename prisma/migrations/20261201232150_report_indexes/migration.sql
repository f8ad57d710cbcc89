-- CreateIndex
CREATE INDEX "Ticket_kind_createdAt_idx" ON "Ticket"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_createdAt_idx" ON "Ticket"("createdAt");
