package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.client.chain.ChainTaskDetail;
import tools.jackson.databind.JsonNode;

/**
 * What {@code pouw task status} prints of a settled task from the node's answer: each revealed model's rank, held-out
 * accuracy as a percentage, loss and payout, the settling block and the burn — and, for a task settled without the
 * held-out set, that the split was equal and no accuracy exists; nothing of the kind before settlement.
 */
class TaskSettlementTextTest {
    private static final String ANNA = "did:key:z6MkAnna";
    private static final String BORIS = "did:key:z6MkBoris";

    @Test
    void aTaskSettledOnTheHeldOutSetShowsAccuracyAsAPercentageAndThePayouts() {
        String text = TaskShowCommand.text(detail("""
                "reveals":[{"did":"%s","accuracy":0.8625,"loss":0.41234,"rank":1},
                           {"did":"%s","accuracy":0.5,"loss":null,"rank":2}],
                "settlement":{"height":47,"block":"ab","by_held_out":true,
                              "payouts":[{"did":"%s","amount":2001},{"did":"%s","amount":1000}],"burnt":0}
                """.formatted(ANNA, BORIS, ANNA, BORIS)), "settled", 50);

        assertThat(text).contains("reveals (2)")
                .containsPattern("#1 +" + ANNA + " +accuracy 86\\.25 % +loss 0\\.4123 +paid 2,001")
                .containsPattern("#2 +" + BORIS + " +accuracy 50\\.00 % +loss - +paid 1,000")
                .containsPattern("settled at +block 47 \\(ranked on the held-out set\\)")
                .containsPattern("payouts \\(2\\)\\n +" + ANNA + " +2,001\\n +" + BORIS + " +1,000")
                .containsPattern("burnt +0");
    }

    @Test
    void aTaskSettledWithoutTheHeldOutSetSaysSoAndABurnIsShown() {
        String equal = TaskShowCommand.text(detail("""
                "reveals":[{"did":"%s","accuracy":null,"loss":null,"rank":1}],
                "settlement":{"height":21,"block":"cd","by_held_out":false,
                              "payouts":[{"did":"%s","amount":3000}],"burnt":0}
                """.formatted(ANNA, ANNA)), "settled", 30);
        assertThat(equal).containsPattern("#1 +" + ANNA + " +no held-out set +paid 3,000")
                .contains("held-out set not revealed: split equally").doesNotContain("accuracy");

        String burnt = TaskShowCommand.text(detail("""
                "reveals":[],
                "settlement":{"height":21,"block":"cd","by_held_out":false,"payouts":[],"burnt":3000}
                """), "settled", 30);
        assertThat(burnt).contains("reveals (0)").contains("payouts (0)").containsPattern("burnt +3,000");

        String open = TaskShowCommand.text(detail("\"reveals\":[],\"settlement\":null"), "training", 5);
        assertThat(open).doesNotContain("reveals (").doesNotContain("payouts").doesNotContain("burnt");
    }

    private static ChainTaskDetail detail(String settlementFields) {
        JsonNode json = ShownFields.JSON.readTree("""
                {"id":"%s","poster":"%s","filler":false,"escrow":0,"budget":0,"posted_at":3,"commit_by":12,
                 "reveal_by":16,"held_out_by":20,"settled":true,"miners":[], %s}
                """.formatted("ef".repeat(32), BORIS, settlementFields));
        return ChainTaskDetail.from(json);
    }
}
