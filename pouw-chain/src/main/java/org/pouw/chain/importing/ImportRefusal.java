package org.pouw.chain.importing;

/**
 * Why a block is refused, in the order the import checks (docs/chain.md §7); the result's cause names the rule's own
 * reason ({@code HeaderDefect}, {@code StepRefusal}, {@code BlockDefect}) where there is one.
 */
public enum ImportRefusal {
    /**
     * This node refuses to validate anything: its start-up replay of the golden training steps differed from the
     * published values (docs/chain.md §8, §9), so its arithmetic can not be trusted to judge a winning step.
     */
    NOT_VALIDATING,
    /** The bytes are not a block. */
    UNDECODABLE,
    /** The block, or one of its ancestors, was found invalid before. */
    KNOWN_INVALID,
    /** The header fails a check that needs no replay: parent, target, signature, tip, ticket. */
    BAD_HEADER,
    /** The timestamp is not after the median-time-past, or too far ahead of this node's clock. */
    BAD_TIMESTAMP,
    /** The header names a task no block on this parent may be mined on. */
    UNKNOWN_TASK,
    /** The winning step does not stand up to its replay from the body's opening. */
    STEP_REFUSED,
    /**
     * The winner's opening was pruned (docs/chain.md §5.5) where this import may not skip its replay: a block from
     * the network, or a stored block within maturity + R of the stored tip. Not held against the block's hash.
     */
    OPENING_PRUNED,
    /** The body's transactions do not apply, or the state root lies. */
    BAD_BODY
}
