-- CreateTable
CREATE TABLE "JobTick" (
    "job" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "instance" TEXT NOT NULL,
    "catchUp" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("job", "scheduledAt")
);

-- CreateIndex
CREATE INDEX "JobTick_scheduledAt_idx" ON "JobTick"("scheduledAt");
