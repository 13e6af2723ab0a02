package org.pouw.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.pouw.core.SettableClock;

/**
 * Issue 18, defect 5: bearer tokens were accepted in four spellings each (the unused trailing bits of the last
 * base64url character, and padding). Only the canonical encoding is accepted now.
 */
class CanonicalBase64UrlProperties {
    private final SettableClock clock = new SettableClock(1_700_000_000_000L);
    private final Tokens tokens = new Tokens(new byte[32], clock, 3_600_000);

    @Property(tries = 200)
    void decoding_takes_the_canonical_spelling_only(@ForAll @Size(max = 80) byte[] bytes) {
        String canonical = Base64UrlSpellings.canonical(bytes);
        assertThat(CanonicalBase64Url.decode(canonical)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
        for (String other : Base64UrlSpellings.alternatives(bytes)) {
            assertThat(CanonicalBase64Url.decode(other)).as(other).isEmpty();
            assertThat(Base64.getUrlDecoder().decode(other)).as("a lenient decoder reads %s", other)
                    .isEqualTo(bytes);
        }
    }

    @Property(tries = 200)
    void text_outside_the_alphabet_or_of_an_impossible_length_is_refused(@ForAll @StringLength(max = 12) String text) {
        boolean alphabet = text.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
        if (!alphabet || text.length() % 4 == 1) {
            assertThat(CanonicalBase64Url.decode(text)).isEmpty();
        }
    }

    @Property(tries = 100)
    void a_bearer_token_in_any_other_spelling_is_refused(@ForAll @StringLength(min = 1, max = 40) String suffix) {
        String did = "did:key:z6Mk" + suffix.replace('|', '-');
        String token = tokens.issue(did).token();
        assertThat(tokens.check(token)).contains(did);
        int dot = token.indexOf('.');
        byte[] body = Base64.getUrlDecoder().decode(token.substring(0, dot));
        byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        assertThat(Base64UrlSpellings.alternatives(mac)).isNotEmpty();
        for (String otherMac : Base64UrlSpellings.alternatives(mac)) {
            assertThat(tokens.check(token.substring(0, dot + 1) + otherMac)).as("mac spelt %s", otherMac).isEmpty();
        }
        for (String otherBody : Base64UrlSpellings.alternatives(body)) {
            assertThat(tokens.check(otherBody + token.substring(dot))).as("body spelt %s", otherBody).isEmpty();
        }
    }
}
