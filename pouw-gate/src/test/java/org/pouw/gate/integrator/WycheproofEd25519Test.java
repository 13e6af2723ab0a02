package org.pouw.gate.integrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;

/**
 * Project Wycheproof's Ed25519 verification vectors (test resources {@code wycheproof/}, with their source and
 * licence) through the one Ed25519 check every gate signature uses — tokens, challenges, receipts, attestations
 * (issue 21 §6: the integrator library passes these). Invalid vectors include malleable S ≥ L, non-canonical R,
 * small-order keys and truncated or padded signatures; every verdict must match the vector's {@code result}.
 */
class WycheproofEd25519Test {
    private static final HexFormat HEX = HexFormat.of();

    private record Vector(int id, byte[] publicKey, byte[] message, byte[] signature, boolean valid, String flags) {
    }

    private static List<Vector> vectors() throws IOException {
        byte[] json;
        try (InputStream in = WycheproofEd25519Test.class.getResourceAsStream("/wycheproof/ed25519_test.json")) {
            assertThat(in).as("the vector file is in test resources").isNotNull();
            json = in.readAllBytes();
        }
        // The gate's own strict parser reads the file: it is plain JSON with integers only.
        JcsValue.Obj file = (JcsValue.Obj) StrictJsonParser.unicode(json.length).parse(json);
        List<Vector> vectors = new ArrayList<>();
        for (JcsValue group : ((JcsValue.Arr) file.get("testGroups")).items()) {
            JcsValue.Obj groupObj = (JcsValue.Obj) group;
            byte[] publicKey = HEX.parseHex(groupObj.object("publicKey").text("pk"));
            for (JcsValue test : ((JcsValue.Arr) groupObj.get("tests")).items()) {
                JcsValue.Obj t = (JcsValue.Obj) test;
                String result = t.text("result");
                assertThat(result).isIn("valid", "invalid");
                vectors.add(new Vector((int) t.integer("tcId"), publicKey, HEX.parseHex(t.text("msg")),
                        HEX.parseHex(t.text("sig")), result.equals("valid"), t.get("flags").toString()));
            }
        }
        assertThat(vectors).hasSize((int) file.integer("numberOfTests"));
        return vectors;
    }

    @Test
    void everyVectorGetsTheVerdictWycheproofRequires() throws IOException {
        List<String> wrong = new ArrayList<>();
        int valid = 0;
        for (Vector vector : vectors()) {
            boolean verified = Ed25519.verify(vector.publicKey(), vector.message(), vector.signature());
            if (verified != vector.valid()) {
                wrong.add("tcId " + vector.id() + " " + vector.flags() + ": expected " + vector.valid());
            }
            if (vector.valid()) {
                valid++;
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(valid).as("both kinds are exercised").isEqualTo(88);
    }
}
