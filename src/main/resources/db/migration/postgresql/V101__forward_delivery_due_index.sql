-- claims: a partial index holds only the rows waiting to be delivered, so it stays small
CREATE INDEX forward_delivery_due ON forward_delivery (next_attempt_at) WHERE status = 'PENDING';
