-- Issue 27's performance: with collateral on, a claim locked its claimers' collateral with
-- "UPDATE accounts SET locked = locked + x WHERE balance - locked >= x" behind the ledger head (SELECT ... FOR UPDATE
-- on ledger_head, taken first so no writer of account rows could wait on another in a cycle). The head and the
-- account rows stayed locked until the claim's commit, so every claim group waited for every other one and for every
-- settlement that posts to the ledger (pg_stat_activity sampled during MarketLoad: the claim statements waiting on
-- Lock:transactionid behind "SELECT seq FROM ledger_head ... FOR UPDATE"). Here a claim takes neither.
--
-- Threat model (docs/economics.md, "Bids and collateral"): collateral locked twice (two claims of one prover at once
-- each seeing the same free balance), spent while locked (a transfer or fee racing a claim, each seeing the other's
-- old state), given back twice or lost in a fold. So:
--   * Locking is serialised per account, and only per account, by a transaction-scoped advisory lock (first key
--     "col" + NUL, second the account's hashtext): a claim takes its claimers' in one sorted pass, a spender takes
--     the payer's after its posting. The check then runs in a statement begun after the lock was granted: at READ
--     COMMITTED it sees every lock and spend committed before, and nothing that can still change it runs meanwhile.
--     A collision of two accounts' hashes only makes them wait for each other.
--   * Unlocking only appends a negative change and takes no lock (a settlement holds the ledger head; it must never
--     wait for a claim). Reading a smaller lock than is true cannot happen: a change is seen with the forfeit posted in
--     its transaction, or not at all, in which case the lock reads larger (a claim refused, never one over-locked).
--   * collateral_locked, the view every reader uses, is the folded amount plus the changes not yet folded. A claim
--     folds its claimers' changes under their advisory locks, in one statement (a reader sees both halves before the
--     fold or both after: the same sum).
CREATE TABLE collateral_folded (
    account TEXT PRIMARY KEY,
    locked  BIGINT NOT NULL CHECK (locked >= 0)
);
CREATE TABLE collateral_changes (
    account TEXT NOT NULL,
    delta   BIGINT NOT NULL CHECK (delta < 0)
);
CREATE INDEX collateral_changes_by_account ON collateral_changes (account);

INSERT INTO collateral_folded (account, locked) SELECT account, locked FROM accounts WHERE locked <> 0;
ALTER TABLE accounts DROP COLUMN locked;

CREATE VIEW collateral_locked AS
SELECT c.account, sum(c.locked)::BIGINT AS locked
FROM (SELECT f.account, f.locked FROM collateral_folded AS f
      UNION ALL
      SELECT h.account, h.delta FROM collateral_changes AS h) AS c
GROUP BY c.account;

-- Locks each wanted amount if every account's balance not yet locked covers it; else returns the first account
-- (in name order) that falls short and changes nothing. The advisory locks stay held to the transaction's end.
-- VOLATILE (the default): each statement inside takes a fresh snapshot, so the check sees what committed while this
-- transaction waited for the locks.
CREATE FUNCTION lock_collateral(wanted_accounts TEXT[], wanted_amounts BIGINT[]) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    key INTEGER;
    short TEXT;
BEGIN
    FOR key IN SELECT DISTINCT hashtext(a) FROM unnest(wanted_accounts) AS a ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(1668246528, key); -- 0x636F6C00, "col" + NUL
    END LOOP;
    SELECT w.account INTO short
    FROM unnest(wanted_accounts, wanted_amounts) AS w(account, amount)
    LEFT JOIN accounts AS a ON a.account = w.account
    LEFT JOIN collateral_locked AS l ON l.account = w.account
    WHERE coalesce(a.balance, 0) - coalesce(l.locked, 0) < w.amount
    ORDER BY w.account
    LIMIT 1;
    IF short IS NOT NULL THEN
        RETURN short;
    END IF;
    -- A first lock makes the folded row (a proposed row must pass the CHECK even when it conflicts, so the sum,
    -- which is negative when more came back than is wanted now, cannot go through an upsert).
    INSERT INTO collateral_folded (account, locked) SELECT a, 0 FROM unnest(wanted_accounts) AS a
    ON CONFLICT (account) DO NOTHING;
    WITH gone AS (
        DELETE FROM collateral_changes WHERE account = ANY(wanted_accounts) RETURNING account, delta),
    change AS (
        SELECT c.account, sum(c.amount) AS amount
        FROM (SELECT gone.account, gone.delta AS amount FROM gone
              UNION ALL
              SELECT * FROM unnest(wanted_accounts, wanted_amounts)) AS c
        GROUP BY c.account)
    UPDATE collateral_folded AS f SET locked = f.locked + change.amount FROM change WHERE f.account = change.account;
    RETURN NULL;
END
$$;

-- What an account has locked, once no claim can lock more of it before this transaction ends: a spender calls it
-- after its posting, so a claim waiting for the lock sees the lower balance, and one that held it is seen.
CREATE FUNCTION collateral_locked_for_spending(payer TEXT) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    held BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(1668246528, hashtext(payer));
    SELECT l.locked INTO held FROM collateral_locked AS l WHERE l.account = payer;
    RETURN coalesce(held, 0);
END
$$;
