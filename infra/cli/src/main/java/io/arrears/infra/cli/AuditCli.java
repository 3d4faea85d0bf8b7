package io.arrears.infra.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.audit.AuditTrailReader;
import io.arrears.infra.audit.ChainVerifier;
import io.arrears.infra.audit.JsonLinesCheck;
import io.arrears.infra.audit.JsonLinesExport;
import io.arrears.infra.audit.ProjectionChecksums;
import io.arrears.infra.audit.ProjectionRebuild;
import io.arrears.infra.audit.ProjectionSwitch;
import io.arrears.infra.audit.TimeTravelController;
import io.arrears.infra.audit.TrailExport;
import io.arrears.infra.eventstore.CommitPositions;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.DirectoryAnchorSink;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownAccount;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar arrears.jar audit ...}: the auditor's commands on the same store settings as the
 * service ({@code ARREARS_MONGODB_URI}, or the embedded store in {@code ARREARS_DATA_DIR}, default
 * {@code ./data}). Exit codes: 0 ok, 1 verification failed, 2 usage, 3 the store cannot be opened.
 */
public final class AuditCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NO_STORE = 3;

    static final String HELP = """
            Usage: java -jar arrears.jar audit <command> [options]

            Commands:
              verify [--account ID] [--anchors DIR]
                                              verify the store: every commit's MAC and hashes, the global
                                              chain and the anchors published in DIR (default: anchors in
                                              the data directory), every stream; or one account
              verify --input FILE             check a JSON Lines export offline, without the store
              export --format jsonl|csv --output FILE [--account ID] [--from-position N] [--to-position N]
                                              write the trail with its hashes
              replay --account ID --as-of-recorded INSTANT
                                              the account as it stood at a recorded instant (ISO-8601 UTC)
              checksum                        a SHA-256 checksum of each projection's documents
              rebuild-check                   rebuild every projection from position 0 into fresh
                                              collections and compare checksums with the live ones
              rebuild --projection NAME       rebuild one projection and switch over to it; NAME is one of
                                              %s

            Store: ARREARS_MONGODB_URI, else the embedded store in ARREARS_DATA_DIR (default ./data);
            the embedded store is one process's at a time, so stop the ledger first, or use the same
            commands over HTTP (/api/v1/audit/...).

            Exit codes: 0 ok, 1 verification failed, 2 usage, 3 the store cannot be opened.
            """.formatted(ProjectionCatalog.NAMES);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public AuditCli(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** Runs {@code args} (without the leading "audit") and returns the exit code. */
    public int run(List<String> args) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return args.isEmpty() ? USAGE : OK;
        }
        Map<String, String> options;
        try {
            options = options(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        String command = args.get(0);
        try {
            return switch (command) {
                case "verify" -> options.containsKey("--input") ? verifyFile(Path.of(options.get("--input")))
                        : withStore(database -> verify(database, options.get("--account"), options.get("--anchors")));
                case "export" -> export(options);
                case "replay" -> replay(options);
                case "checksum" -> withStore(this::checksum);
                case "rebuild-check" -> withStore(this::rebuildCheck);
                case "rebuild" -> options.containsKey("--projection")
                        ? withStore(database -> rebuild(database, options.get("--projection")))
                        : usage("rebuild needs --projection NAME");
                default -> usage("unknown command " + command);
            };
        } catch (InvalidRequest | IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (UnknownAccount e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (RuleViolation e) {
            // Another rebuild of the same projection holds its lease, on a node or another command line.
            err.println("arrears audit: " + e.getMessage());
            return FAILED;
        } catch (IllegalStateException e) {
            err.println("arrears audit: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            return FAILED;
        } catch (IOException e) {
            err.println("cannot read or write a file: " + e.getMessage());
            return USAGE;
        }
    }

    private int usage(String problem) {
        err.println("arrears audit: " + problem);
        err.println("Run with --help for the commands.");
        return USAGE;
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value pairs, found " + name);
            }
            options.put(name, args.get(++i));
        }
        return options;
    }

    /** The embedded store's directory: ARREARS_DATA_DIR, else ./data. */
    private Path dataDir() {
        return Path.of(environment.getOrDefault("ARREARS_DATA_DIR", "data"));
    }

    /** The audit keys from ARREARS_AUDIT_KEYS or ARREARS_AUDIT_KEYS_FILE, else the embedded store's development keys. */
    private java.util.Optional<io.arrears.infra.eventstore.AuditKeyring> keyring() {
        return io.arrears.infra.mongo.AuditKeys.forAuditor(environment,
                dataDir());
    }

    /** The anchors published in {@code directory} that read as anchors; none when there is no such directory. */
    private static List<io.arrears.infra.eventstore.Anchor> anchorsOf(Path directory) {
        return new DirectoryAnchorSink(directory).list().stream().map(published -> published.anchor())
                .filter(java.util.Objects::nonNull).toList();
    }

    private interface StoreWork {
        int run(MongoDatabase database) throws IOException;
    }

    private int withStore(StoreWork work) throws IOException {
        String uri = environment.get("ARREARS_MONGODB_URI");
        EmbeddedMongoServer embedded = null;
        String connection;
        String databaseName = "arrears";
        if (uri == null || uri.isBlank()) {
            Path dataDir = dataDir();
            if (!Files.exists(dataDir.resolve(EmbeddedMongoServer.FILE_NAME))) {
                err.println("no ledger data in " + dataDir.toAbsolutePath() + " (set ARREARS_DATA_DIR)");
                return NO_STORE;
            }
            try {
                embedded = EmbeddedMongoServer.onDisk(dataDir);
            } catch (RuntimeException e) {
                err.println("cannot open the embedded store in " + dataDir.toAbsolutePath()
                        + ": is the ledger running on it? Stop it, or use /api/v1/audit/... (" + e.getMessage() + ")");
                return NO_STORE;
            }
            connection = embedded.connectionString();
        } else {
            connection = uri;
            String named = new ConnectionString(uri).getDatabase();
            databaseName = named == null ? databaseName : named;
        }
        try (MongoClient client = MongoClients.create(connection)) {
            return work.run(client.getDatabase(databaseName));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int verify(MongoDatabase database, String account, String anchorsDir) {
        ChainVerifier verifier = new ChainVerifier(database, keyring().orElse(null), java.time.Clock.systemUTC());
        ChainVerifier.Result result;
        if (account != null) {
            result = verifier.verifyAccount(account);
        } else {
            long total = database.getCollection(CommitSchema.COMMITS).countDocuments();
            ProgressBar bar = new ProgressBar(err, "commits", total);
            Path anchors = anchorsDir != null ? Path.of(anchorsDir)
                    : dataDir().resolve("anchors");
            if (anchorsDir == null && !Files.isDirectory(anchors)) {
                err.println("no anchors in " + anchors.toAbsolutePath() + ": give --anchors DIR to check them");
                result = verifier.verifyAll(bar::update);
            } else {
                result = verifier.verifyAll(bar::update, new DirectoryAnchorSink(anchors).list());
            }
            bar.finish();
        }
        result.notices().forEach(notice -> out.println("notice: " + notice));
        if (result.ok()) {
            out.println("ok: " + result.eventsChecked() + " events of " + result.accountsChecked()
                    + " accounts verified");
            return OK;
        }
        ChainVerifier.BrokenLink link = result.brokenLink();
        out.println("NOT OK: " + link.kind()
                + (link.accountId() == null ? "" : ", account " + link.accountId())
                + (link.sequence() == null ? "" : ", sequence " + link.sequence())
                + (link.position() == null ? "" : ", position " + link.position())
                + (link.field() == null ? "" : ", field " + link.field()) + ": " + link.problem()
                + (link.expected() == null ? "" : " (expected " + link.expected() + ", found " + link.found() + ")"));
        return FAILED;
    }

    private int verifyFile(Path input) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            JsonLinesCheck.Result result = JsonLinesCheck.check(reader, keyring().orElse(null));
            if (result.ok()) {
                out.println("ok: " + result.eventsChecked() + " events of " + result.accounts()
                        + " accounts verified in " + input);
                return OK;
            }
            out.println("NOT OK: " + result.problem());
            return FAILED;
        }
    }

    private int export(Map<String, String> options) throws IOException {
        String format = options.get("--format");
        String output = options.get("--output");
        if (format == null || output == null) {
            return usage("export needs --format jsonl|csv and --output FILE");
        }
        TrailExport.Format parsed = TrailExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        long from = Long.parseLong(options.getOrDefault("--from-position", "0"));
        long to = Long.parseLong(options.getOrDefault("--to-position", String.valueOf(Long.MAX_VALUE)));
        String account = options.get("--account");
        java.util.Optional<io.arrears.infra.eventstore.AuditKeyring> keyring = keyring();
        if (parsed == TrailExport.Format.JSONL && keyring.isEmpty()) {
            return usage("a JSON Lines export is closed with a MAC: set ARREARS_AUDIT_KEYS or ARREARS_AUDIT_KEYS_FILE");
        }
        return withStore(database -> {
            AuditTrailReader reader = new AuditTrailReader(database);
            if (parsed == TrailExport.Format.JSONL) {
                long events;
                try (Writer writer = new BufferedWriter(Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8))) {
                    events = JsonLinesExport.write(writer, keyring.get(), database, reader, account, from, to,
                            anchorsOf(dataDir().resolve("anchors")));
                }
                out.println(events + " events written to " + output);
                return OK;
            }
            AtomicLong written = new AtomicLong();
            ProgressBar bar = new ProgressBar(err, "events", 0);
            try (Writer writer = new BufferedWriter(Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8))) {
                TrailExport.header(parsed, writer);
                var sink = TrailExport.writer(parsed, writer);
                java.util.function.Consumer<AuditTrailReader.Entry> counting = entry -> {
                    sink.accept(entry);
                    bar.update(written.incrementAndGet());
                };
                if (account != null) {
                    if (!reader.account(account, counting)) {
                        throw new UnknownAccount(account);
                    }
                } else {
                    reader.range(from, to, counting);
                }
            }
            bar.finish();
            out.println(written.get() + " events written to " + output);
            return OK;
        });
    }

    private int replay(Map<String, String> options) throws IOException {
        String account = options.get("--account");
        String instant = options.get("--as-of-recorded");
        if (account == null || instant == null) {
            return usage("replay needs --account ID and --as-of-recorded INSTANT");
        }
        return withStore(database -> {
            // By recorded instant: the zone, which dates stage moves for a value date, is not read.
            TimeTravelController timeTravel = new TimeTravelController(
                    SerializationConfiguration.storedFormEngine(database), new CommitPositions(database)::positionOf, ZoneOffset.UTC);
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            out.println(json.writeValueAsString(timeTravel.asOfRecorded(account, instant)));
            return OK;
        });
    }

    private int rebuildCheck(MongoDatabase database) {
        ProgressBar bar = new ProgressBar(err, "events", 0);
        ProjectionRebuild.Result result = new ProjectionRebuild(database, SerializationConfiguration.storedFormEngine(database))
                .rebuildAndCompare(bar::update);
        bar.finish();
        for (ProjectionRebuild.Comparison comparison : result.projections()) {
            out.println((comparison.same() ? "same      " : "DIFFERENT ") + comparison.projection() + "  live "
                    + comparison.live() + "  rebuilt " + comparison.rebuilt());
        }
        out.println(result.eventsReplayed() + " events replayed");
        return result.same() ? OK : FAILED;
    }

    private int rebuild(MongoDatabase database, String processor) {
        TokenStore tokenStore = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(StoredForm.serializer())
                .nodeId("arrears-audit-cli")
                .build();
        ProjectionSwitch projectionSwitch = new ProjectionSwitch(database,
                SerializationConfiguration.storedFormEngine(database), tokenStore, java.time.Clock.systemUTC());
        if (!projectionSwitch.processors().contains(processor)) {
            return usage("--projection must be one of " + projectionSwitch.processors());
        }
        ProjectionSwitch.Result result = projectionSwitch.rebuildAndSwitch(processor);
        out.println("rebuilt " + result.collection() + " from " + result.eventsReplayed() + " events and switched over"
                + (result.checksumBefore().equals(result.checksumAfter()) ? " (same checksum as before: "
                : " (checksum was " + result.checksumBefore() + ", now ") + result.checksumAfter() + ")");
        return OK;
    }

    private int checksum(MongoDatabase database) {
        ProjectionChecksums checksums = new ProjectionChecksums(database);
        checksums.all().forEach((projection, checksum) -> out.println(checksum + "  " + projection));
        return OK;
    }
}
