-- The offenders the node's evidence reporter has reported and not yet seen slashed (pouw-chain's ReportedOffenders
-- port, docs/chain.md §5.4), with the slash evidence it reported: after a restart, which empties the mempool, the
-- evidence is signed again, and an offender already reported is not reported twice. `reported` numbers the rows in
-- the order reported; `evidence` is the slash's kind code, `first` and `second` its header encodings.
CREATE TABLE chain_reported_offenders (
    offender BYTEA    NOT NULL PRIMARY KEY,
    evidence SMALLINT NOT NULL,
    first    BYTEA    NOT NULL,
    second   BYTEA    NOT NULL,
    reported BIGINT   NOT NULL
);
