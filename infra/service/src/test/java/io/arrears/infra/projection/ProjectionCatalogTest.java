package io.arrears.infra.projection;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.arrears.infra.audit.ProjectionChecksums;
import io.arrears.infra.axon.AxonConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionCatalogTest {

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void setUp() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("catalog-test");
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void everyProjectionClassIsInTheCatalogAndTheCatalogMakesIt() {
        List<JavaClass> projections = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.arrears.query").stream()
                .filter(type -> type.isAnnotatedWith(ProcessingGroup.class))
                .toList();

        assertThat(projections).hasSameSizeAs(ProjectionCatalog.ALL);
        for (JavaClass type : projections) {
            String processor = type.getAnnotationOfType(ProcessingGroup.class).value();
            ProjectionCatalog.Projection entry = ProjectionCatalog.byProcessor(processor).orElseThrow(() ->
                    new AssertionError(type.getName() + " (" + processor + ") is not in ProjectionCatalog"));
            assertThat(entry.into(database, "copy").getClass().getName()).isEqualTo(type.getName());
        }
    }

    /**
     * The embedded store keeps what the projections derive in a file of its own, committed apart from
     * the record: every projection's collection and the tokens the processors are configured with.
     */
    @Test
    void theEmbeddedStoresViewsFileHoldsEveryProjectionAndTheTokens() {
        String tokens = new AxonConfiguration().axonMongoTemplate(database)
                .trackingTokensCollection().getNamespace().getCollectionName();

        assertThat(ProjectionCatalog.viewsFile().collections()).containsExactlyInAnyOrderElementsOf(
                Stream.concat(ProjectionCatalog.collections().stream(), Stream.of(tokens)).toList());
    }

    @Test
    void checksumsCoverEveryProjection() {
        assertThat(new ProjectionChecksums(database).all().keySet())
                .containsExactlyElementsOf(ProjectionCatalog.collections());
    }

    @Test
    void theNamesInTextsAreTheCatalogs() {
        assertThat(ProjectionCatalog.NAMES).isEqualTo(String.join(", ", ProjectionCatalog.processors()));
    }
}
