-- claims: due QUEUED/RETRY_WAIT rows in next_attempt_at order
CREATE INDEX outbox_message_due ON outbox_message (status, next_attempt_at);
