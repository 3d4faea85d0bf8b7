package io.arrears.infra.mongo;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** UP only when the store answers a ping. */
public class StoreHealthIndicator implements HealthIndicator {

    private final MongoDatabase database;

    public StoreHealthIndicator(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public Health health() {
        try {
            database.runCommand(new Document("ping", 1));
            return Health.up().withDetail("database", database.getName()).build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
