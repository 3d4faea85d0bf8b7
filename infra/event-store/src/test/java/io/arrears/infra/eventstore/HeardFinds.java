package io.arrears.infra.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A client that keeps every find it sends, for tests of how many reads something takes. */
final class HeardFinds {

    private HeardFinds() {
    }

    static MongoClient client(String connectionString, List<BsonDocument> finds) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (event.getCommandName().equals("find")) {
                            finds.add(event.getCommand().clone());
                        }
                    }
                }).build());
    }

    /** The finds by the collection they read. */
    static Map<String, Long> byCollection(List<BsonDocument> finds) {
        return finds.stream().collect(Collectors.groupingBy(find -> find.getString("find").getValue(),
                Collectors.counting()));
    }
}
