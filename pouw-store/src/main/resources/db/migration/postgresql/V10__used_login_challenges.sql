-- Issue 27, item 7: sign-in challenges are stateless (a MAC under the nodes' shared token secret), so issuing one
-- writes nothing and any node accepts one another node issued. A challenge is recorded here only once its signature
-- has verified, to keep it single use across every node on the database; a row is deleted once its challenge has
-- expired, when it would be refused anyway.
CREATE TABLE used_login_challenges (
    digest        TEXT PRIMARY KEY,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX used_login_challenges_by_expiry ON used_login_challenges (expires_at_ms);
