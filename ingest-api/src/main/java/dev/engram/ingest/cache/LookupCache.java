package dev.engram.ingest.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What the request path read of a row it looks up on every request (a key by its hash, a project's policy),
 * trusted for at most {@code ttl} after it was read, so a change to the row (a revoked key, a new policy)
 * takes effect within that bound. Only answers are kept: an empty lookup (an unknown key) and a failed one
 * are asked again next time. Concurrent misses of one key share one lookup. A {@code ttl} of zero turns the
 * cache off.
 */
public final class LookupCache<K, V> {

    private final @Nullable AsyncCache<K, V> cache;

    public LookupCache(Duration ttl, long maximumSize) {
        this.cache = ttl.isZero() || ttl.isNegative() ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).buildAsync();
    }

    /** The cached answer for {@code key}, else what {@code lookup} finds (kept when it finds something). */
    public Mono<V> get(K key, Function<K, Mono<V>> lookup) {
        AsyncCache<K, V> entries = cache;
        if (entries == null) {
            return lookup.apply(key);
        }
        // A caller that goes away does not cancel a lookup other callers may share.
        return Mono.fromFuture(() -> entries.get(key, (k, executor) -> lookup.apply(k).toFuture()), true);
    }

    /** Forgets {@code key}, so the next get looks it up again (this instance only). */
    public void invalidate(K key) {
        if (cache != null) {
            cache.synchronous().invalidate(key);
        }
    }
}
