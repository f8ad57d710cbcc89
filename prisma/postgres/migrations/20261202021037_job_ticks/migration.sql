-- CreateTable
CREATE TABLE "JobTick" (
    "job" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "instance" TEXT NOT NULL,
    "catchUp" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "JobTick_pkey" PRIMARY KEY ("job","scheduledAt")
);

-- CreateIndex
CREATE INDEX "JobTick_scheduledAt_idx" ON "JobTick"("scheduledAt");
