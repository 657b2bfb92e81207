-- Identifiers and states compare byte by byte (COLLATE "C"), as Java's String.compareTo does and
-- H2 does, instead of by the database's linguistic collation. Every index lookup and insert on
-- these columns compared them through strcoll() before; under en_US.UTF-8 or zh_CN.UTF-8 that is
-- several times the cost of a memcmp, and it could order ids differently from the Java side.
-- Only a collation changes (the values are binary compatible): no table rewrite, the indexes on
-- these columns are rebuilt.
ALTER TABLE outbox_attempt ALTER COLUMN message_id TYPE VARCHAR(32) COLLATE "C";
ALTER TABLE outbox_message
  ALTER COLUMN id TYPE VARCHAR(32) COLLATE "C",
  ALTER COLUMN app_id TYPE VARCHAR(64) COLLATE "C",
  ALTER COLUMN to_user TYPE VARCHAR(128) COLLATE "C",
  ALTER COLUMN status TYPE VARCHAR(20) COLLATE "C",
  ALTER COLUMN client_id TYPE VARCHAR(100) COLLATE "C",
  ALTER COLUMN idempotency_key TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE outbox_app_pause ALTER COLUMN app_id TYPE VARCHAR(64) COLLATE "C";
