package io.arrears.infra.eventstore;

import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form's serializer resolves stored types as Axon's does, however often it is asked. */
class StoredFormTest {

    @Test
    void aStoredTypeResolvesToItsClassEachTimeAndAnUnknownOneNeverDoes() {
        Serializer serializer = StoredForm.serializer();
        SerializedType known = new SimpleSerializedType(LocalDate.class.getName(), null);
        SerializedType unknown = new SimpleSerializedType("io.arrears.kernel.event.NoSuchEvent", "1");

        for (int asked = 0; asked < 2; asked++) {
            assertThat(serializer.classForType(known)).isEqualTo(LocalDate.class);
            assertThat(serializer.classForType(unknown)).isEqualTo(UnknownSerializedType.class);
            assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
        }
        LocalDate date = LocalDate.of(2026, 12, 3);
        assertThat(serializer.deserialize(serializer.serialize(date, byte[].class)).equals(date)).isTrue();
    }
}
