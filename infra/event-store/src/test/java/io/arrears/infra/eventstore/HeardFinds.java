package io.arrears.infra.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A client that keeps every find it sends, or the size of every reply to a read, for tests of what reads cost. */
final class HeardFinds {

    private HeardFinds() {
    }

    static MongoClient client(String connectionString, List<BsonDocument> finds) {
        return listening(connectionString, new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    finds.add(event.getCommand().clone());
                }
            }
        });
    }

    /** A client that adds the bytes of each reply to a find or a getMore to {@code replyBytes}. */
    static MongoClient replies(String connectionString, List<Integer> replyBytes) {
        return listening(connectionString, new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (List.of("find", "getMore").contains(event.getCommandName())) {
                    replyBytes.add(((RawBsonDocument) event.getResponse()).getByteBuffer().remaining());
                }
            }
        });
    }

    private static MongoClient listening(String connectionString, CommandListener listener) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .addCommandListener(listener).build());
    }

    /** The finds by the collection they read. */
    static Map<String, Long> byCollection(List<BsonDocument> finds) {
        return finds.stream().collect(Collectors.groupingBy(find -> find.getString("find").getValue(),
                Collectors.counting()));
    }
}
