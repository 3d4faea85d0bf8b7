package io.arrears.infra.store.h2;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A name read from a document's bytes is the name written, and a name read again is the same string. */
class FieldNamesTest {

    private static String read(String name) {
        byte[] name1 = name.getBytes(StandardCharsets.UTF_8);
        // The name between other bytes, as it sits in a document.
        byte[] bytes = new byte[name1.length + 4];
        System.arraycopy(name1, 0, bytes, 3, name1.length);
        bytes[0] = 7;
        return FieldNames.read(bytes, 3, name1.length);
    }

    @Test
    void aNameReadIsTheNameWrittenWhateverItsLengthOrAlphabet() {
        List<String> names = new ArrayList<>(List.of("", "_id", "0", "lastSequence", "金额", "naïve", "x".repeat(48),
                "y".repeat(49)));
        for (int i = 0; i < 10_000; i++) {
            names.add(Integer.toString(i));
        }
        for (int round = 0; round < 2; round++) {
            for (String name : names) {
                assertThat(read(name)).isEqualTo(name);
            }
        }
    }

    @Test
    void anAsciiNameReadAgainIsTheStringReadBefore() {
        String first = read("penaltyLast");

        assertThat(read("penaltyLast")).isSameAs(first);
        assertThat(read("penaltyLas")).isEqualTo("penaltyLas");
    }
}
