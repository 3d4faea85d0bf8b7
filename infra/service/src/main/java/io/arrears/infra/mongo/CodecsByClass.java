package io.arrears.infra.mongo;

import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistry;

import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's codecs, each made once for its class, and made with this registry, so the codec of a
 * document finds the codecs of its values here too.
 *
 * <p>The driver's own registry answers every lookup with a new child registry, a cache key and an
 * {@code Optional}, and walks the chain of parents for a cycle; a document's codec asks it once for
 * each value it writes. At 100,000 accounts that was 3 % of what an accrual allocated, to find
 * codecs it had found before.
 *
 * <p>A codec whose making asks for a codec still being made on this thread (a document's codec
 * needs the codec of documents, for the documents inside it) gets one that looks it up here when it
 * is first used.
 *
 * <p>The codecs are made by {@code providers} as they are: a UUID representation set on the client
 * does not reach the values inside a document. The ledger sets none and stores no UUID values.
 */
public final class CodecsByClass implements CodecRegistry {

    private final CodecRegistry providers;
    private final Map<Class<?>, Codec<?>> codecs = new ConcurrentHashMap<>();
    private final ThreadLocal<Set<Class<?>>> making = ThreadLocal.withInitial(HashSet::new);

    /** @param providers the registry whose providers make the codecs, such as the driver's default */
    public CodecsByClass(CodecRegistry providers) {
        this.providers = providers;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Codec<T> get(Class<T> type) {
        Codec<?> codec = codecs.get(type);
        if (codec != null) {
            return (Codec<T>) codec;
        }
        Set<Class<?>> inMaking = making.get();
        if (!inMaking.add(type)) {
            return new Later<>(type, this);
        }
        try {
            Codec<T> made = providers.get(type, this);
            if (made == null) {
                throw new CodecConfigurationException("Can't find a codec for " + type + ".");
            }
            codec = codecs.putIfAbsent(type, made);
            return codec != null ? (Codec<T>) codec : made;
        } finally {
            inMaking.remove(type);
        }
    }

    @Override
    public <T> Codec<T> get(Class<T> type, List<Type> typeArguments) {
        Codec<T> made = providers.get(type, typeArguments, this);
        if (made == null) {
            throw new CodecConfigurationException("Can't find a codec for " + type + " of " + typeArguments + ".");
        }
        return made;
    }

    /**
     * This registry's codec, whichever registry asks: the driver wraps a database's registry in one
     * of its own, which asks here. The codecs made here keep finding their values' codecs here.
     */
    @Override
    public <T> Codec<T> get(Class<T> type, CodecRegistry registry) {
        return get(type);
    }

    /** The codec of a class still being made when it was asked for, found when first used. */
    private static final class Later<T> implements Codec<T> {

        private final Class<T> type;
        private final CodecRegistry registry;
        private volatile Codec<T> codec;

        Later(Class<T> type, CodecRegistry registry) {
            this.type = type;
            this.registry = registry;
        }

        private Codec<T> codec() {
            Codec<T> found = codec;
            if (found == null) {
                found = registry.get(type);
                codec = found;
            }
            return found;
        }

        @Override
        public void encode(BsonWriter writer, T value, EncoderContext context) {
            codec().encode(writer, value, context);
        }

        @Override
        public Class<T> getEncoderClass() {
            return type;
        }

        @Override
        public T decode(BsonReader reader, DecoderContext context) {
            return codec().decode(reader, context);
        }
    }
}
