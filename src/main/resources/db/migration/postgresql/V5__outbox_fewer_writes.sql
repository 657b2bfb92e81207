-- Two per-message costs the send pipeline paid for nothing (docs/BENCHMARKS.md, "PostgreSQL per
-- message"):
-- * the lease index: every claim wrote an entry into it. The reaper finds SENDING rows through
--   outbox_message_status_id instead; there are at most as many as sends in flight.
-- * the foreign key from attempts to messages: its check ran a locking lookup of the message for
--   every attempt row. An attempt is only written by the owner of a held message (FINISH, in the
--   same transaction, confirmed it held the row), and the retention deletes a message's attempts
--   itself before the message, so the cascade was unused as well.
DROP INDEX outbox_message_lease;
ALTER TABLE outbox_attempt DROP CONSTRAINT outbox_attempt_message_id_fkey;
