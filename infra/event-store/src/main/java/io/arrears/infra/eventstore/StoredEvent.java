package io.arrears.infra.eventstore;

/**
 * One event of a commit as {@link CommitReadCodec} reads it: its fields by name, payload and metadata
 * still BSON. A record rather than a document, so reading thousands of events costs no map lookups.
 */
record StoredEvent(long position, long sequence, String eventId, String type, String revision, String timestamp,
                   LazyTree payload, LazyTree metadata, String prevHash, String hash) {
}
