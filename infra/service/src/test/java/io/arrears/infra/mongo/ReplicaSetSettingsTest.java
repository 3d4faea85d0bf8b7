package io.arrears.infra.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** On a replica set a write waits for a journaled majority, and for at most the write timeout. */
class ReplicaSetSettingsTest {

    private static final String THREE_MEMBERS =
            "mongodb://db-1.example:27017,db-2.example:27017,db-3.example:27017/arrears?replicaSet=rs0";

    @Test
    void aReplicaSetGetsJournaledMajorityWritesWithATimeoutAndRetryableWrites() {
        StoreProperties replicaSet = new StoreProperties(THREE_MEMBERS, Path.of("data"), "h2", null, null,
                Duration.ofSeconds(7));
        MongoClientSettings settings = StoreConfiguration.settings(replicaSet, THREE_MEMBERS).build();
        WriteConcern writeConcern = settings.getWriteConcern();
        assertThat(writeConcern.getWString()).isEqualTo("majority");
        assertThat(writeConcern.getJournal()).isTrue();
        assertThat(writeConcern.getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7_000);
        assertThat(settings.getRetryWrites()).isTrue();
        assertThat(settings.getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs0");
    }

    @Test
    void theWriteTimeoutIsTenSecondsUnlessConfigured() {
        StoreProperties replicaSet = new StoreProperties(THREE_MEMBERS, null, null, null, null, null);
        assertThat(StoreConfiguration.settings(replicaSet, THREE_MEMBERS).build().getWriteConcern()
                .getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
    }
}
