-- Commit → challenge → open kinds (ml-train): the current lease's commitment and the challenge drawn for it
-- (hex, empty when none), and what the verifier recorded about an accepted result (JSON text).
ALTER TABLE jobs ADD COLUMN commitment TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN challenge TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN result_info TEXT NOT NULL DEFAULT '{}';
