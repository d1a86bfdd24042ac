-- Tokens expire and can be revoked: expires and revoked are Unix
-- nanoseconds, 0 for never. A revoked token stays listed (and audited).
ALTER TABLE tokens ADD COLUMN expires BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN revoked BIGINT NOT NULL DEFAULT 0;
