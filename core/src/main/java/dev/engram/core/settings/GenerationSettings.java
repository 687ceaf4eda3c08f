package dev.engram.core.settings;

import dev.engram.core.job.GenerationPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How events become observations and summaries: when ingest creates jobs, and which provider the
 * processors ask.
 *
 * @param provider which provider turns prompts into observations and summaries: {@code rules} (offline,
 *        deterministic, the default), {@code anthropic} or {@code openai} (Spring AI chat models)
 * @param policy the deployment's generation policy ({@code per-event}, {@code debounce},
 *        {@code end-of-session}); a project's own {@code generation_policy} overrides it. Events outside any
 *        session always get per-event jobs, since no session end or window would ever cover them.
 * @param debounceWindow under {@code debounce}, the interval whose events of one session share one job
 * @param debounceGrace how long after a window closes its job is published, so transactions still in
 *        flight at the boundary commit first
 * @param dailyTokenBudget the tokens (in and out) one project's jobs may spend with a remote provider per UTC day;
 *        a job over it is parked until the next day. 0, the default, sets no budget.
 */
@ConfigurationProperties("engram.generation")
public record GenerationSettings(
        @DefaultValue("rules") String provider,
        @DefaultValue("per-event") String policy,
        @DefaultValue("10s") Duration debounceWindow,
        @DefaultValue("2s") Duration debounceGrace,
        @DefaultValue("0") long dailyTokenBudget) {

    public GenerationSettings {
        GenerationPolicy.fromWireName(policy);
        if (dailyTokenBudget < 0) {
            throw new IllegalArgumentException("engram.generation.daily-token-budget must be 0 (none) or more");
        }
        if (debounceWindow.toMillis() < 1) {
            throw new IllegalArgumentException("engram.generation.debounce-window must be at least 1ms");
        }
    }

    public GenerationPolicy defaultPolicy() {
        return GenerationPolicy.fromWireName(policy);
    }
}
