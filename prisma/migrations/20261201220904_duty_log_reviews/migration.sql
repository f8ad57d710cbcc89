-- CreateTable
CREATE TABLE "DutyLogReview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "team" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "reviewedAt" DATETIME NOT NULL,
    "note" TEXT
);

-- CreateTable
CREATE TABLE "DutyLogSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "propertyId" INTEGER NOT NULL DEFAULT 1,
    "month" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DutyLogReview_propertyId_kind_date_idx" ON "DutyLogReview"("propertyId", "kind", "date");

-- CreateIndex
CREATE UNIQUE INDEX "DutyLogReview_propertyId_team_date_kind_key" ON "DutyLogReview"("propertyId", "team", "date", "kind");

-- CreateIndex
CREATE INDEX "DutyLogSample_propertyId_month_idx" ON "DutyLogSample"("propertyId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "DutyLogSample_propertyId_team_date_key" ON "DutyLogSample"("propertyId", "team", "date");
