-- CreateIndex
CREATE INDEX "InboundMessage_platform_chatId_processedAt_id_idx" ON "InboundMessage"("platform", "chatId", "processedAt", "id");
