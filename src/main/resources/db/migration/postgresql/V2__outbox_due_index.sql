-- claims: a partial index holds only the rows waiting to be sent, so it stays small
CREATE INDEX outbox_message_due ON outbox_message (next_attempt_at)
  WHERE status IN ('QUEUED', 'RETRY_WAIT');
