-- CreateTable
CREATE TABLE "PersonAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    CONSTRAINT "PersonAccount_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Move the platform user ids into PersonAccount (providers named by the channel modules).
INSERT INTO "PersonAccount" ("personId", "provider", "externalId") SELECT "id", 'wecom', "wecomUserId" FROM "Person" WHERE "wecomUserId" IS NOT NULL;
INSERT INTO "PersonAccount" ("personId", "provider", "externalId") SELECT "id", 'dingtalk', "dingtalkUserId" FROM "Person" WHERE "dingtalkUserId" IS NOT NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "team" TEXT,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Person" ("active", "createdAt", "id", "name", "phone", "role", "team", "updatedAt") SELECT "active", "createdAt", "id", "name", "phone", "role", "team", "updatedAt" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE INDEX "Person_role_team_idx" ON "Person"("role", "team");
CREATE INDEX "Person_name_idx" ON "Person"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PersonAccount_externalId_idx" ON "PersonAccount"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonAccount_provider_externalId_key" ON "PersonAccount"("provider", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonAccount_personId_provider_key" ON "PersonAccount"("personId", "provider");
