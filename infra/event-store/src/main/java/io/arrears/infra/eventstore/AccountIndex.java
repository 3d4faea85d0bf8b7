package io.arrears.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.COMMIT_REFS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.REF_FIRST;
import static io.arrears.infra.eventstore.CommitSchema.REF_LAST;
import static io.arrears.infra.eventstore.CommitSchema.REF_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.STREAMS;

/**
 * The account index in {@code event_streams}, the one way the embedded server finds an aggregate's
 * commits fast (it answers lookups by {@code _id} and ignores secondary indexes):
 * <ul>
 * <li>a <b>head</b> per aggregate, {@code _id} the aggregate id, holding its last sequence and the
 * sequence of its newest snapshot ({@value #SNAPSHOT}), if it has one;</li>
 * <li><b>pages</b> of {@value #SEQUENCES_PER_PAGE} sequences, {@code _id} "aggregate/n", each listing
 * the commits (position and sequence range) that hold an event of sequences
 * [n × {@value #SEQUENCES_PER_PAGE}, (n + 1) × {@value #SEQUENCES_PER_PAGE}).</li>
 * </ul>
 * Every document stays small whatever the account's length, so listing a commit costs the same on the
 * thousandth and the hundred-thousandth commit, and a load from a snapshot reads the page of the
 * snapshot's sequence and those after it. (Until December 2026 one document listed every commit:
 * rewritten whole on every append, sorted on every load, and full at about 280,000 commits.)
 *
 * <p>A writer lists its commit after storing it, head first, in one round trip; the sealer lists one
 * whose writer died in between; verification checks that every commit is listed.
 */
public final class AccountIndex {

    private static final Logger log = LoggerFactory.getLogger(AccountIndex.class);

    /** Sequences a page covers: a page lists at most this many commits (about 15 KB). */
    public static final int SEQUENCES_PER_PAGE = 256;
    /** Separates the aggregate id from the page number; neither account ids nor identifiers may hold it. */
    static final String PAGE_SEPARATOR = "/";
    /** Pages asked for in one {@code _id $in} read. */
    static final int PAGES_PER_READ = 16;

    /** On a head: the sequence of the aggregate's newest snapshot, noted once the snapshot is stored. */
    static final String SNAPSHOT = "snapshot";
    /**
     * On a head made since snapshots are noted (December 2026): without {@value #SNAPSHOT} such an
     * aggregate has no snapshot. An older head without it may have one.
     */
    static final String SNAPSHOTS_NOTED = "snapshotsNoted";

    /** A commit as the index lists it: its first position and its sequence range. */
    public record Ref(long position, long first, long last) {

        public long lastPosition() {
            return position + (last - first);
        }

        /** Its events from {@code sequence} on. */
        long eventsFrom(long sequence) {
            return last - Math.max(first, sequence) + 1;
        }

        static Ref of(Document ref) {
            return new Ref(ref.getLong(REF_POSITION), ref.getLong(REF_FIRST), ref.getLong(REF_LAST));
        }

        Document toDocument() {
            return new Document(REF_POSITION, position).append(REF_FIRST, first).append(REF_LAST, last);
        }
    }

    private final MongoCollection<Document> streams;

    public AccountIndex(MongoDatabase database) {
        this.streams = database.getCollection(STREAMS);
    }

    /** The {@code _id} of the page listing the commits that hold {@code sequence}. */
    public static String pageId(String aggregateId, long sequence) {
        return aggregateId + PAGE_SEPARATOR + sequence / SEQUENCES_PER_PAGE;
    }

    /** Selects the heads, one per aggregate, among the index's documents. */
    public static Bson heads() {
        return Filters.exists(LAST_SEQUENCE);
    }

    /** A commit of an aggregate to list. */
    public record Listing(String aggregateId, Ref ref) {
    }

    /**
     * Lists a commit: raises its aggregate's last sequence and adds it to every page its events fall
     * on, in one round trip. Listing it again changes nothing.
     */
    public void list(String aggregateId, long position, long firstSequence, long lastSequence) {
        list(List.of(new Listing(aggregateId, new Ref(position, firstSequence, lastSequence))));
    }

    /** Lists commits of any aggregates as {@link #list(String, long, long, long)} does, all in one round trip. */
    public void list(List<Listing> listings) {
        if (listings.isEmpty()) {
            return;
        }
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        List<WriteModel<Document>> writes = new ArrayList<>(2 * listings.size());
        for (Listing listing : listings) {
            String aggregateId = listing.aggregateId();
            Ref ref = listing.ref();
            writes.add(new UpdateOneModel<>(eq(ID, aggregateId), Updates.combine(Updates.max(LAST_SEQUENCE,
                    ref.last()), Updates.setOnInsert(SNAPSHOTS_NOTED, true)), upsert));
            for (long page = ref.first() / SEQUENCES_PER_PAGE; page <= ref.last() / SEQUENCES_PER_PAGE; page++) {
                writes.add(new UpdateOneModel<>(eq(ID, aggregateId + PAGE_SEPARATOR + page),
                        Updates.addToSet(COMMIT_REFS, ref.toDocument()), upsert));
            }
        }
        streams.bulkWrite(writes, new BulkWriteOptions().ordered(true));
    }

    /** Notes on the aggregate's head that it has a snapshot taken after {@code sequence}, or a newer one. */
    void noteSnapshot(String aggregateId, long sequence) {
        streams.updateOne(eq(ID, aggregateId), Updates.max(SNAPSHOT, sequence));
    }

    /**
     * What loading an aggregate reads first: whether it may have a snapshot, and the first pages of its
     * index, which a load without a snapshot, or with one in those pages, reads its commits from.
     *
     * @param firstPages the pages among the first {@value #PAGES_PER_READ}, as stored
     */
    record Opening(String aggregateId, boolean mayHaveSnapshot, List<Document> firstPages) {
    }

    /** The aggregate's head and its first {@value #PAGES_PER_READ} pages, in one read. */
    Opening open(String aggregateId) {
        List<String> ids = new ArrayList<>(PAGES_PER_READ + 1);
        ids.add(aggregateId);
        for (long page = 0; page < PAGES_PER_READ; page++) {
            ids.add(aggregateId + PAGE_SEPARATOR + page);
        }
        Document head = null;
        List<Document> pages = new ArrayList<>();
        for (Document stored : streams.find(in(ID, ids))) {
            if (stored.getString(ID).equals(aggregateId)) {
                head = stored;
            } else {
                pages.add(stored);
            }
        }
        boolean mayHaveSnapshot = head != null && (head.containsKey(SNAPSHOT) || !head.containsKey(SNAPSHOTS_NOTED));
        return new Opening(aggregateId, mayHaveSnapshot, pages);
    }

    /** The heads of these aggregates by aggregate id, in one read; an unknown aggregate has none. */
    Map<String, Document> heads(Collection<String> aggregateIds) {
        Map<String, Document> heads = new HashMap<>();
        for (Document head : streams.find(in(ID, new ArrayList<>(aggregateIds)))) {
            heads.put(head.getString(ID), head);
        }
        return heads;
    }

    /** For each aggregate, the page listing the commits that hold its given sequence, in one read. */
    Map<String, Document> pagesHolding(Map<String, Long> sequences) {
        Map<String, String> aggregateOfPage = new HashMap<>();
        sequences.forEach((aggregateId, sequence) -> aggregateOfPage.put(pageId(aggregateId, sequence), aggregateId));
        Map<String, Document> pages = new HashMap<>();
        for (Document page : streams.find(in(ID, new ArrayList<>(aggregateOfPage.keySet())))) {
            pages.put(aggregateOfPage.get(page.getString(ID)), page);
        }
        return pages;
    }

    /** The commits a page lists that hold a sequence from {@code fromSequence} on, in sequence order. */
    static List<Ref> refsOn(Document page, long fromSequence) {
        List<Ref> refs = new ArrayList<>();
        for (Document listed : page.getList(COMMIT_REFS, Document.class)) {
            Ref ref = Ref.of(listed);
            if (ref.last() >= fromSequence) {
                refs.add(ref);
            }
        }
        refs.sort(Comparator.comparingLong(Ref::first));
        return refs;
    }

    /** The aggregate's last sequence as its head records it; empty for an unknown aggregate. */
    public Optional<Long> lastSequence(String aggregateId) {
        Document head = streams.find(eq(ID, aggregateId)).projection(Projections.include(LAST_SEQUENCE)).first();
        return head == null ? Optional.empty() : Optional.of(((Number) head.get(LAST_SEQUENCE)).longValue());
    }

    /** Every commit listed for an aggregate, in sequence order; none for an unknown one. */
    public List<Ref> refs(String aggregateId) {
        return refsFrom(aggregateId, 0, Long.MAX_VALUE);
    }

    /**
     * The commits holding the aggregate's events from {@code fromSequence} on, in sequence order, just
     * enough of them for {@code events} events: pages from the one of {@code fromSequence}, read
     * {@value #PAGES_PER_READ} at most at a time, until a page is missing (past the end).
     */
    public List<Ref> refsFrom(String aggregateId, long fromSequence, long events) {
        return refsFrom(aggregateId, fromSequence, events, null);
    }

    /** As {@link #refsFrom(String, long, long)}, with the first pages from {@code opened} when it has them. */
    List<Ref> refsFrom(String aggregateId, long fromSequence, long events, Opening opened) {
        TreeMap<Long, Ref> byFirst = new TreeMap<>();
        long page = fromSequence / SEQUENCES_PER_PAGE;
        long wanted = Math.min(PAGES_PER_READ, events / SEQUENCES_PER_PAGE + 2);
        long listed = 0;
        boolean more = true;
        while (more && listed < events) {
            Iterable<Document> read;
            if (page == 0 && opened != null && opened.aggregateId().equals(aggregateId)) {
                read = opened.firstPages();
                wanted = PAGES_PER_READ;
            } else {
                List<String> ids = new ArrayList<>();
                for (long next = page; next < page + wanted; next++) {
                    ids.add(aggregateId + PAGE_SEPARATOR + next);
                }
                read = streams.find(in(ID, ids));
            }
            int found = 0;
            for (Document stored : read) {
                found++;
                for (Document document : stored.getList(COMMIT_REFS, Document.class)) {
                    // A commit spanning pages is on each of them: count its events once.
                    Ref ref = Ref.of(document);
                    if (ref.last() >= fromSequence && byFirst.put(ref.first(), ref) == null) {
                        listed += ref.eventsFrom(fromSequence);
                    }
                }
            }
            more = found == wanted;
            page += wanted;
            wanted = PAGES_PER_READ;
        }
        List<Ref> refs = new ArrayList<>();
        long covered = 0;
        for (Ref ref : byFirst.values()) {
            if (covered >= events) {
                break;
            }
            refs.add(ref);
            covered += ref.eventsFrom(fromSequence);
        }
        return refs;
    }

    /** The commit listed as holding the aggregate's event {@code sequence}: one page read. */
    public Optional<Ref> covering(String aggregateId, long sequence) {
        Document page = streams.find(eq(ID, pageId(aggregateId, sequence))).first();
        if (page == null) {
            return Optional.empty();
        }
        return page.getList(COMMIT_REFS, Document.class).stream().map(Ref::of)
                .filter(ref -> ref.first() <= sequence && sequence <= ref.last()).findFirst();
    }

    /**
     * The aggregate's last commit whose first position is at or before {@code position}: the head,
     * then its pages from the last back (an aggregate's commits take positions in sequence order).
     */
    public Optional<Ref> lastAtOrBefore(String aggregateId, long position) {
        Optional<Long> lastSequence = lastSequence(aggregateId);
        if (lastSequence.isEmpty()) {
            return Optional.empty();
        }
        for (long page = lastSequence.get() / SEQUENCES_PER_PAGE; page >= 0; page--) {
            Document stored = streams.find(eq(ID, aggregateId + PAGE_SEPARATOR + page)).first();
            Ref last = null;
            for (Document ref : stored == null ? List.<Document>of() : stored.getList(COMMIT_REFS, Document.class)) {
                Ref listed = Ref.of(ref);
                if (listed.position() <= position && (last == null || listed.position() > last.position())) {
                    last = listed;
                }
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    /**
     * Which positions are listed, by account, for the accounts among {@code commits}: one read of the
     * pages their first events fall on, positions only.
     */
    public Map<String, Set<Long>> listedPositions(Iterable<Document> commits) {
        Set<String> pages = new HashSet<>();
        for (Document commit : commits) {
            String aggregateId = commit.getString(AGGREGATE_ID);
            if (aggregateId != null && !aggregateId.startsWith("~")) {
                pages.add(pageId(aggregateId, commit.getLong(FIRST_SEQUENCE)));
            }
        }
        Map<String, Set<Long>> listed = new HashMap<>();
        if (pages.isEmpty()) {
            return listed;
        }
        for (Document page : streams.find(in(ID, new ArrayList<>(pages)))
                .projection(Projections.include(ID, COMMIT_REFS + "." + REF_POSITION))) {
            String id = page.getString(ID);
            Set<Long> positions = listed.computeIfAbsent(id.substring(0, id.lastIndexOf(PAGE_SEPARATOR)),
                    account -> new HashSet<>());
            for (Document ref : page.getList(COMMIT_REFS, Document.class)) {
                positions.add(ref.getLong(REF_POSITION));
            }
        }
        return listed;
    }

    /**
     * Moves heads that still list every commit in one array (the index before pages) to pages; safe
     * to run on every start and from every node, and again after a crash part-way.
     *
     * @return the heads moved
     */
    public int movePagelessHeads() {
        int moved = 0;
        for (Document head : streams.find(Filters.and(heads(), Filters.exists(COMMIT_REFS)))) {
            String aggregateId = head.getString(ID);
            for (Document ref : head.getList(COMMIT_REFS, Document.class)) {
                list(aggregateId, ref.getLong(REF_POSITION), ref.getLong(REF_FIRST), ref.getLong(REF_LAST));
            }
            streams.updateOne(eq(ID, aggregateId), Updates.unset(COMMIT_REFS));
            moved++;
        }
        if (moved > 0) {
            log.info("Moved {} account(s) of the event store's index to pages of {} sequences", moved,
                    SEQUENCES_PER_PAGE);
        }
        return moved;
    }
}
