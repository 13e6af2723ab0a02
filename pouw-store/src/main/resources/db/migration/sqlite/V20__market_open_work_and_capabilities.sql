-- Issue 27, item 1: pending work per identity is capped (market.max_open_steps_per_requester). An intent is posted
-- only if its requester's open work (the steps of its intents still being proven) stays under the cap; this partial
-- index holds just the open intents by requester, so the sum reads the requester's few rows, not the table.
CREATE INDEX intents_open_by_requester ON intents (requester) WHERE status = 'proving';
