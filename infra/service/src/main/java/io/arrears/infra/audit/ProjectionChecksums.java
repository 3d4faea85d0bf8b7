package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.mongo.IdPages;
import io.arrears.infra.projection.ProjectionCatalog;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * A SHA-256 over each projection's documents in {@code _id} order, each as relaxed JSON: two
 * builds of a projection from the same events give the same checksum.
 */
public class ProjectionChecksums {

    static final int DOCUMENTS_PER_PAGE = 500;
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final MongoDatabase database;

    public ProjectionChecksums(MongoDatabase database) {
        this.database = database;
    }

    /** Collection name to checksum, for every projection. */
    public Map<String, String> all() {
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String collection : ProjectionCatalog.collections()) {
            checksums.put(collection, of(collection));
        }
        return checksums;
    }

    public String of(String collectionName) {
        MongoCollection<Document> collection = database.getCollection(collectionName);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        IdPages.forEach(collection, null, null, DOCUMENTS_PER_PAGE, page -> {
            for (Document document : page) {
                sha256.update(document.toJson(RELAXED).getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '\n');
            }
            return true;
        });
        return HexFormat.of().formatHex(sha256.digest());
    }
}
