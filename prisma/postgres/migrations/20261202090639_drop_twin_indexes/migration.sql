-- Two indexes that longer ones already cover (same leading columns), dropped because every new ticket and clock
-- paid a write for each (#15, processing benchmark).
-- DropIndex
DROP INDEX "SlaClock_itemType_active_dueAt_idx";

-- DropIndex
DROP INDEX "Ticket_team_status_idx";
