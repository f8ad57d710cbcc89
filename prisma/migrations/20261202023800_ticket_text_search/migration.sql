-- The dashboard's text search (#14, src/store/prisma/text-search.ts), SQLite only: a trigram full-text index of the
-- ticket descriptions. Contentless (the text stays in "Ticket"); each description is indexed with a space on both
-- sides, so every 2-character substring begins one of its trigrams. Kept by triggers; filled once here.
CREATE VIRTUAL TABLE "TicketText" USING fts5("description", content='', contentless_delete=1, tokenize='trigram');

-- The index's vocabulary (trigram, rows): a 2-character term's trigrams are looked up here by prefix.
CREATE VIRTUAL TABLE "TicketTextTerms" USING fts5vocab('TicketText', 'row');

INSERT INTO "TicketText" (rowid, "description") SELECT "id", ' ' || "description" || ' ' FROM "Ticket";

CREATE TRIGGER "Ticket_text_after_insert" AFTER INSERT ON "Ticket" BEGIN
  INSERT INTO "TicketText" (rowid, "description") VALUES (new."id", ' ' || new."description" || ' ');
END;

CREATE TRIGGER "Ticket_text_after_update" AFTER UPDATE OF "id", "description" ON "Ticket" BEGIN
  DELETE FROM "TicketText" WHERE rowid = old."id";
  INSERT INTO "TicketText" (rowid, "description") VALUES (new."id", ' ' || new."description" || ' ');
END;

CREATE TRIGGER "Ticket_text_after_delete" AFTER DELETE ON "Ticket" BEGIN
  DELETE FROM "TicketText" WHERE rowid = old."id";
END;
