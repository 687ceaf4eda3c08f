package dev.engram.ingest.viewer;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * Serves the viewer: {@code /viewer} (and {@code /viewer/}) is its page, {@code /viewer/*} its script and styles,
 * all from the jar ({@code static/viewer}). Every viewer response forbids what the page never needs: scripts, styles,
 * fonts and connections from anywhere but this server, framing, and sniffing; the page is revalidated on each load,
 * so an upgrade is picked up at once.
 */
@Configuration(proxyBeanMethods = false)
class ViewerRoutes {

    /** Only this origin; no inline script; the page's own connections (API and stream) only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Resource PAGE = new ClassPathResource("static/viewer/index.html");

    @Bean
    RouterFunction<ServerResponse> viewerPage() {
        return RouterFunctions.route(GET("/viewer").or(GET("/viewer/")), request -> ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .bodyValue(PAGE));
    }

    @Bean
    WebFilter viewerHeaders() {
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            if (path.equals("/viewer") || path.startsWith("/viewer/")) {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("X-Frame-Options", "DENY");
                headers.setCacheControl(CacheControl.noCache());
            }
            return chain.filter(exchange);
        };
    }
}
