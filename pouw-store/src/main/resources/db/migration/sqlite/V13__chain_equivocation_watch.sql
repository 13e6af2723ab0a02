-- The equivocation watch's memory (pouw-chain's WatchedHeaders port, docs/chain.md §5.4): the first header each key
-- signed on each parent, so a restart between an offender's two headers still catches the pair. `seen` numbers the
-- rows in arrival order; the oldest beyond the watch's capacity are deleted.
CREATE TABLE chain_watched_headers (
    parent_hash BLOB    NOT NULL,
    signer      BLOB    NOT NULL,
    header      BLOB    NOT NULL,
    seen        INTEGER NOT NULL,
    PRIMARY KEY (parent_hash, signer)
);
CREATE INDEX chain_watched_headers_by_seen ON chain_watched_headers (seen);
