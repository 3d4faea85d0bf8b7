package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Index keys in MongoDB's comparison order, stored and read back unchanged. */
class IndexKeyTypeTest {

    private final IndexKeyType type = new IndexKeyType();

    @Test
    void keysReadBackEqualToWhatWasWritten() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            KeyValue key = randomKey(random);
            WriteBuffer buffer = new WriteBuffer();
            type.write(buffer, key);
            ByteBuffer written = buffer.getBuffer();
            written.flip();
            KeyValue read = type.read(written);
            assertThat(read).isEqualTo(key);
            assertThat(type.compare(read, key)).isZero();
            assertThat(written.remaining()).isZero();
        }
    }

    @Test
    void keysAreOrderedValueByValueAsMongoDbComparesThem() {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            KeyValue a = randomKey(random);
            KeyValue b = randomKey(random);
            int order = type.compare(a, b);
            assertThat(Integer.signum(type.compare(b, a))).isEqualTo(-Integer.signum(order));
            if (a.size() == b.size() && order != 0) {
                int first = 0;
                while (ValueComparator.ascWithoutListHandling().compare(a.get(first), b.get(first)) == 0) {
                    first++;
                }
                assertThat(Integer.signum(ValueComparator.ascWithoutListHandling().compare(a.get(first), b.get(first))))
                        .isEqualTo(Integer.signum(order));
            }
            if (order == 0) {
                assertThat(a).isEqualTo(b);
            }
        }
        assertThat(type.compare(new KeyValue("A-1", 2.0), new KeyValue("A-1", 10.0))).isNegative();
        assertThat(type.compare(new KeyValue("A-10", 0.0), new KeyValue("A-9", 0.0))).isNegative();
        assertThat(type.compare(new KeyValue(5.0), new KeyValue("5"))).isNegative();
    }

    /** Keys as the server builds them: normalised numbers (doubles), strings, and now and then other types. */
    private static KeyValue randomKey(Random random) {
        int size = 1 + random.nextInt(3);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(switch (random.nextInt(8)) {
                case 0, 1 -> (double) random.nextInt(20);
                case 2, 3 -> "A-" + random.nextInt(20);
                case 4 -> random.nextBoolean();
                case 5 -> null;
                case 6 -> Instant.ofEpochMilli(1_767_225_600_000L + random.nextInt(3));
                default -> random.nextBoolean() ? new ObjectId() : new Document("n", (double) random.nextInt(3));
            });
        }
        return new KeyValue(values);
    }
}
