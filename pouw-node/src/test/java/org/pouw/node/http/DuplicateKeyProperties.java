package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

/**
 * Issue 18, defect 4: a JSON body with a key given twice is refused (last-one-wins let {@code {"to":"<bogus>",
 * "to":"<real>"}} pay the second), at any depth, comparing the names after their escapes are decoded, with the
 * error naming where the duplicate is.
 */
class DuplicateKeyProperties {

    @Test
    void the_transfer_attack_body_is_refused_naming_to() {
        PouwException refused = refuse("{\"to\":\"did:key:z6MkBogus\",\"to\":\"did:key:z6MkReal\",\"amount\":5,"
                + "\"idempotency_key\":\"k\"}", List.of("to", "amount", "idempotency_key"));
        assertThat(refused.field()).isEqualTo("to");
        assertThat(refused.getMessage()).contains("duplicate").contains("\"to\"");
    }

    @Test
    void an_escaped_spelling_is_the_same_key() {
        PouwException refused = refuse("{\"to\":\"a\",\"\\u0074o\":\"b\"}", List.of("to"));
        assertThat(refused.field()).isEqualTo("to");
        PouwException inner = refuse("{\"submissions\":[{\"proof\":\"AA==\"},{\"job_id\":\"x\",\"job\\u005fid\":\"y\"}]}",
                List.of("submissions"));
        assertThat(inner.field()).isEqualTo("submissions[1].job_id");
    }

    @Test
    void distinct_keys_and_the_same_key_in_sibling_objects_are_fine() {
        RequestBody body = RequestBody.parse("{\"a\":{\"k\":1},\"b\":{\"k\":2},\"c\":[{\"k\":1},{\"k\":2}]}"
                .getBytes(StandardCharsets.UTF_8), List.of("a", "b", "c"));
        assertThat(body.node("b").path("k").asInt()).isEqualTo(2);
    }

    /** A random nesting of objects and arrays with one key written twice somewhere, in any escaped spelling. */
    @Property(tries = 300)
    void a_duplicate_anywhere_is_refused_with_its_path(@ForAll("bodiesWithADuplicate") Case c) {
        PouwException refused = refuse(c.json(), List.of("root"));
        assertThat(refused.problem()).isEqualTo(Problem.INVALID_REQUEST);
        assertThat(refused.field()).isEqualTo(c.path());
    }

    record Case(String json, String path) {
    }

    @Provide
    Arbitrary<Case> bodiesWithADuplicate() {
        Arbitrary<String> key = Arbitraries.strings().withChars("abcxyz_-é€\"\\").ofMinLength(1).ofMaxLength(6);
        Arbitrary<List<Integer>> shape = Arbitraries.integers().between(-1, 3).list().ofMaxSize(5);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(key, shape, seed).as((name, steps, s) -> build(name, steps, new java.util.Random(s)));
    }

    /**
     * Wraps an object {@code {name: 1, …, name: 2}} (the second spelling escaped at random) in the given steps: -1
     * an array at that index-free position (index 0), n ≥ 0 an object member after n filler members.
     */
    private static Case build(String name, List<Integer> steps, java.util.Random random) {
        String inner = "{" + quote(name, false, random) + ":1," + quote("filler", false, random) + ":true,"
                + quote(name, true, random) + ":2}";
        String path = name;
        String json = inner;
        for (int i = steps.size() - 1; i >= 0; i--) {
            int step = steps.get(i);
            if (step < 0) {
                int index = random.nextInt(3);
                StringBuilder array = new StringBuilder("[");
                for (int k = 0; k < index; k++) {
                    array.append("{\"").append(k).append("\":0},");
                }
                json = array.append(json).append("]").toString();
                path = "[" + index + "]" + (path.startsWith("[") ? "" : ".") + path;
            } else {
                String member = "m" + step;
                StringBuilder object = new StringBuilder("{");
                for (int k = 0; k < step; k++) {
                    object.append("\"f").append(k).append("\":null,");
                }
                json = object.append(quote(member, random.nextBoolean(), random)).append(":").append(json).append("}")
                        .toString();
                path = member + (path.startsWith("[") ? "" : ".") + path;
            }
        }
        String fullPath = "root" + (path.startsWith("[") ? "" : ".") + path;
        return new Case("{\"root\":" + json + "}", fullPath);
    }

    /** A JSON string literal for {@code name}; with {@code escapeSome}, each character may be written as \\uXXXX. */
    private static String quote(String name, boolean escapeSome, java.util.Random random) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : name.toCharArray()) {
            if (ch == '"' || ch == '\\' || (escapeSome && random.nextBoolean())) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }

    private static PouwException refuse(String json, List<String> fields) {
        PouwException e = catchThrowableOfType(PouwException.class,
                () -> RequestBody.parse(json.getBytes(StandardCharsets.UTF_8), fields));
        assertThat(e).as("refused: %s", json).isNotNull();
        return e;
    }
}
