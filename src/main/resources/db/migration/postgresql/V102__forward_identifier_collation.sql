-- As V4 for the outbox: identifiers and states compare byte by byte, not through strcoll().
ALTER TABLE forward_delivery
  ALTER COLUMN id TYPE VARCHAR(32) COLLATE "C",
  ALTER COLUMN event_id TYPE VARCHAR(32) COLLATE "C",
  ALTER COLUMN app_id TYPE VARCHAR(64) COLLATE "C",
  ALTER COLUMN open_id TYPE VARCHAR(128) COLLATE "C",
  ALTER COLUMN target TYPE VARCHAR(100) COLLATE "C",
  ALTER COLUMN status TYPE VARCHAR(16) COLLATE "C";
