package org.pouw.chain.task;

/** Why a task is not admitted (docs/chain.md §4.2): the field, and the rule it breaks with the value it has. */
public record AdmissionRefusal(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
