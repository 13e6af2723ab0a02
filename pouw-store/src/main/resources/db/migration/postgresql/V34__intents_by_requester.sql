-- A requester's own intents, newest first (GET /v1/intents): the console's intents view and `pouw intent list` page
-- through them by (created_at_ms, intent_id) from the newest; without this index each page would read every
-- intent of the table.
CREATE INDEX intents_by_requester ON intents (requester, created_at_ms, intent_id);
