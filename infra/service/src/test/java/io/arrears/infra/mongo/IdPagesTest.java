package io.arrears.infra.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A collection read page by page: every document once, in _id order, pages no larger than asked. */
class IdPagesTest {

    @Test
    void pagesCoverTheCollectionInIdOrderAndStopWhenTold() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.inMemory();
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> collection = client.getDatabase("pages").getCollection("docs");
            List<Integer> ids = new ArrayList<>(IntStream.range(0, 1_234).boxed().toList());
            Collections.shuffle(ids, new Random(3));
            collection.insertMany(ids.stream().map(id -> new Document("_id", "D-%05d".formatted(id))
                    .append("n", id).append("odd", id % 2 == 1)).toList());

            List<String> read = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            IdPages.forEach(collection, null, Projections.include("_id"), 100, page -> {
                sizes.add(page.size());
                page.forEach(document -> read.add(document.getString("_id")));
                return true;
            });
            assertThat(read).hasSize(1_234).isSorted().doesNotHaveDuplicates();
            assertThat(sizes).hasSize(13).allMatch(size -> size <= 100);

            List<Document> odd = new ArrayList<>();
            IdPages.forEach(collection, Filters.eq("odd", true), null, 50, page -> {
                odd.addAll(page);
                return odd.size() < 120;
            });
            assertThat(odd).hasSize(150).allMatch(document -> document.getBoolean("odd"));
            assertThat(odd.get(0).getString("_id")).isEqualTo("D-00001");
        }
    }
}
