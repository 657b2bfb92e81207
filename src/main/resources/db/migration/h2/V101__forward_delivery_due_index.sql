-- claims: due PENDING rows in next_attempt_at order
CREATE INDEX forward_delivery_due ON forward_delivery (status, next_attempt_at);
