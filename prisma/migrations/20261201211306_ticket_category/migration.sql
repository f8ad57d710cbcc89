-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "appointmentAt" DATETIME;
ALTER TABLE "Ticket" ADD COLUMN "category" TEXT;

-- CreateIndex
CREATE INDEX "Ticket_kind_category_idx" ON "Ticket"("kind", "category");
