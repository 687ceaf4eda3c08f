package dev.engram.ingest.auth;

import dev.engram.core.key.ApiKeys;
import dev.engram.core.key.Scope;
import dev.engram.ingest.api.ApiException;
import dev.engram.ingest.api.ProblemResponses;
import dev.engram.ingest.cache.LookupCache;
import dev.engram.ingest.config.IngestSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates {@code /v1/**} and {@code /api/**} requests by API key ({@code Authorization: Bearer} or
 * {@code X-Api-Key}) before the body is read: 401 without a key, 403 for an unknown, revoked or expired
 * key, a key without a team, or a missing scope (reads need {@code memories:read}, writes
 * {@code memories:write}). The principal is left on the exchange for the routes. A key found is trusted
 * for {@code engram.ingest.lookup-cache-ttl}, so a revocation takes effect within that bound; its expiry
 * is checked on every request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyAuthentication implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthentication.class);
    private static final String ATTRIBUTE = ApiKeyPrincipal.class.getName();
    private static final String BEARER = "Bearer ";
    private static final Set<String> READING_POSTS = Set.of("/v1/search", "/v1/context",
            "/v1/hooks/claude-code/session-start", "/v1/mcp");

    private final ApiKeyRepository keys;
    private final LookupCache<String, ApiKeyRepository.ApiKeyRow> activeKeys;
    private final KeyRateLimits rateLimits;

    ApiKeyAuthentication(ApiKeyRepository keys, IngestSettings settings, KeyRateLimits rateLimits) {
        this.keys = keys;
        this.rateLimits = rateLimits;
        this.activeKeys = new LookupCache<>(settings.lookupCacheTtl(), 10_000);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/v1/") && !path.startsWith("/api/sessions/")) {
            return chain.filter(exchange);
        }
        String rawKey = rawKey(exchange.getRequest().getHeaders());
        if (rawKey == null) {
            return ProblemResponses.write(exchange,
                    new ApiException.Unauthorized("Missing API key (Authorization: Bearer <key> or X-Api-Key)"));
        }
        String requiredScope = requiredScope(exchange.getRequest().getMethod(), path);
        return activeKeys.get(ApiKeys.hash(rawKey), this::readAndTouch)
                .filter(key -> !key.expiredAt(Instant.now()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(found -> {
                    // An unknown key is answered like a revoked one: existence of keys must not leak.
                    ApiKeyRepository.ApiKeyRow key = found.orElse(null);
                    if (key == null) {
                        return ProblemResponses.write(exchange,
                                new ApiException.Forbidden("Invalid API key or insufficient scope"));
                    }
                    if (key.teamId() == null) {
                        return ProblemResponses.write(exchange,
                                new ApiException.Forbidden("API key is not bound to a team"));
                    }
                    ApiKeyPrincipal principal = new ApiKeyPrincipal(key.id(), key.teamId(), key.projectId(),
                            key.actorId(), key.scopes());
                    if (!principal.allows(requiredScope)) {
                        return ProblemResponses.write(exchange,
                                new ApiException.Forbidden("Invalid API key or insufficient scope"));
                    }
                    try {
                        rateLimits.acquire(key.id());
                    } catch (ApiException.TooManyRequests limited) {
                        return ProblemResponses.write(exchange, limited);
                    }
                    exchange.getAttributes().put(ATTRIBUTE, principal);
                    return chain.filter(exchange);
                });
    }

    /** The principal that {@link ApiKeyAuthentication} put on an authenticated exchange. */
    static ApiKeyPrincipal principalOf(ServerWebExchange exchange) {
        ApiKeyPrincipal principal = exchange.getAttribute(ATTRIBUTE);
        if (principal == null) {
            throw new ApiException.Unauthorized("Missing API key");
        }
        return principal;
    }

    /** Reads are GET and HEAD, plus the POST routes that only read (their query is a body). */
    /**
     * Reads the key from the database (the cache missed) and, off the request path, records its use: so
     * {@code last_used_at} is as fresh as the cache's time to live, and a cached request writes nothing.
     */
    private Mono<ApiKeyRepository.ApiKeyRow> readAndTouch(String keyHash) {
        return keys.findActive(keyHash).doOnNext(key -> keys.touch(key.id())
                .subscribe(null, e -> log.debug("could not record the use of key {}", key.id(), e)));
    }

    private static String requiredScope(HttpMethod method, String path) {
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                || (HttpMethod.POST.equals(method) && READING_POSTS.contains(path));
        return read ? Scope.READ : Scope.WRITE;
    }

    private static String rawKey(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String apiKey = headers.getFirst("X-Api-Key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }
}
