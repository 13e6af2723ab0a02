package org.pouw.gate.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;

/** Every stamp the Java minter makes passes the check it was made for, and is in the tool's v1 shape. */
class HashcashMinterProperties {
    @Property(tries = 60)
    void aMintedStampPassesItsOwnCheck(@ForAll @IntRange(min = 0, max = 12) int bits,
            @ForAll @StringLength(min = 1, max = 64) @Chars({'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b',
                    'c', 'd', 'e', 'f'}) String resource,
            @ForAll long seed) {
        String stamp = HashcashMinter.mint(resource, bits, "261205", new SplittableRandom(seed));
        assertThat(stamp).startsWith("1:" + bits + ":261205:" + resource + "::");
        assertThat(HashcashCheck.check(stamp, resource, bits)).isEqualTo(HashcashVerdict.ACCEPTED);
    }
}
