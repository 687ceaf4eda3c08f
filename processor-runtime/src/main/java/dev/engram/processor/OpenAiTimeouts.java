package dev.engram.processor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Makes Spring AI's OpenAI client keep {@code spring.ai.openai.timeout} (or {@code spring.ai.openai.chat.timeout};
 * 60 s when neither is set). With Spring AI 2.0.1 the client carries the timeout in its options but no call ever
 * gave up on an endpoint that did not answer (a stub that answered after 2.5 s was waited for with 1 s set), so a
 * hung OpenAI-compatible endpoint would hold a worker for good. This sets the connect, read and write timeouts of
 * every call itself, on the client's OkHttp chain.
 */
@Configuration(proxyBeanMethods = false)
public class OpenAiTimeouts {

    static final Duration DEFAULT = Duration.ofSeconds(60);

    @Bean
    OpenAiHttpClientBuilderCustomizer engramOpenAiTimeouts(Environment environment) {
        Binder binder = Binder.get(environment);
        Duration timeout = binder.bind("spring.ai.openai.chat.timeout", Duration.class)
                .orElseGet(() -> binder.bind("spring.ai.openai.timeout", Duration.class).orElse(DEFAULT));
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return builder -> builder.interceptor(chain -> chain
                .withConnectTimeout(millis, TimeUnit.MILLISECONDS)
                .withReadTimeout(millis, TimeUnit.MILLISECONDS)
                .withWriteTimeout(millis, TimeUnit.MILLISECONDS)
                .proceed(chain.request()));
    }
}
