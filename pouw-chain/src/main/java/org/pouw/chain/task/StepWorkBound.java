package org.pouw.chain.task;

import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;

/**
 * M_max(task) (docs/chain.md §3.4, §4.2): the most multiply-adds one step of a task can count — every operand
 * non-zero and every record distinct — from its architecture and batch size alone: the forward products of one
 * record, times B, times 3 for the backward pass (as {@code TicketRule} counts). Admission holds it to C_mac.
 */
public final class StepWorkBound {
    private StepWorkBound() {
    }

    /** Saturates at {@link Long#MAX_VALUE}; no architecture pouw-ml admits comes near. */
    public static long maxCountedMultiplyAdds(Architecture architecture, int batchSize) {
        long perRecord = forwardPerRecord(architecture);
        try {
            return Math.multiplyExact(Math.multiplyExact(perRecord, batchSize), 3L);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    static long forwardPerRecord(Architecture architecture) {
        return switch (architecture) {
            case MlpArchitecture mlp -> {
                long total = 0;
                long previous = mlp.inputs();
                for (int width : mlp.hidden()) {
                    total += previous * width;
                    previous = width;
                }
                yield total + previous * mlp.classes();
            }
            case CnnArchitecture cnn -> {
                long outHeight = cnn.height() - cnn.kernel() + 1;
                long outWidth = cnn.width() - cnn.kernel() + 1;
                long conv = outHeight * outWidth * cnn.kernel() * cnn.kernel() * cnn.channels() * cnn.filters();
                long flat = (outHeight / cnn.pool()) * (outWidth / cnn.pool()) * cnn.filters();
                long dense = cnn.hidden() > 0 ? flat * cnn.hidden() + (long) cnn.hidden() * cnn.classes()
                        : flat * cnn.classes();
                yield conv + dense;
            }
            case StackArchitecture stack -> stack.multiplyAddsPerRecord();
        };
    }
}
