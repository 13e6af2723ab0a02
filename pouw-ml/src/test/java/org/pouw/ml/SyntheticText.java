package org.pouw.ml;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Small generated English-like text for the language-model tests: sentences from a fixed word list, seeded. */
public final class SyntheticText {
    private static final String[] SUBJECTS = {"the cat", "a dog", "the miner", "our node", "the worker", "a client"};
    private static final String[] VERBS = {"sees", "trains", "pays", "audits", "finds", "keeps"};
    private static final String[] OBJECTS = {"the model", "a block", "the data", "every step", "a proof", "the fee"};

    private SyntheticText() {
    }

    /** About {@code bytes} bytes of sentences ("the cat pays a block. "), the same for the same seed everywhere. */
    public static byte[] sentences(int bytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes) {
            text.append(SUBJECTS[random.nextInt(SUBJECTS.length)]).append(' ')
                    .append(VERBS[random.nextInt(VERBS.length)]).append(' ')
                    .append(OBJECTS[random.nextInt(OBJECTS.length)]).append(". ");
        }
        return text.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }
}
