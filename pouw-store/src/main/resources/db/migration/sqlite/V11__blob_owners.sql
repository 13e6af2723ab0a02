-- Issue 27, item 6: the owners of an uploaded blob (the identities that uploaded its bytes). A task may name only
-- datasets its requester owns. Blobs are content-addressed, so the same bytes uploaded by two clients have two owners.
CREATE TABLE blob_owners (
    blob_key TEXT NOT NULL,
    owner    TEXT NOT NULL,
    PRIMARY KEY (blob_key, owner)
) WITHOUT ROWID;
