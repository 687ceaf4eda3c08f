package dev.engram.generation.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.core.job.JobPayload;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * What every remote provider must do through the whole generation processor, each against a stub answering as its
 * real API does: a rate limit then success completes the job with the model's observation and its tokens; a server
 * error storm fails the job after its attempts and dead-letters the record; a call that times out is retried; an
 * answer that is no observation is a parse failure after the attempts. A subclass is one provider: its Spring Boot
 * test properties (a client timeout of 1 s, retry base delay 100 ms) and its API's answers.
 */
abstract class ProviderPipelineScenarios {

    static final TestDatabase DATABASE = TestDatabase.fresh("generation");

    @Autowired
    EmbeddedKafkaBroker kafka;

    /** The provider's name, as jobs, usage rows and errors carry it. */
    abstract String provider();

    abstract ProviderStub stub();

    /** A successful answer carrying {@code text}, counting 412 tokens in and 96 out, as the API sends it. */
    abstract Answer success(String text);

    /** The API's rate-limit answer (429). */
    abstract Answer rateLimited();

    /** The API's answer when it fails on its side (5xx). */
    abstract Answer serverError();

    @Test
    void aRateLimitThenSuccessCompletesTheJobWithTheModelsObservationAndItsTokens() {
        Scenario run = new Scenario();
        stub().when(run.marker, rateLimited(), success(run.observation()));

        run.sendAndAwait("completed");

        assertThat(EventJobs.history(run.tenant, run.job))
                .containsExactly("queued", "processing", "retry_scheduled", "processing", "completed");
        assertThat(run.tenant.text("SELECT details->>'reason' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'retry_scheduled'", run.job.generationJobId()))
                .startsWith(provider() + " answered 429 (rate limited)");
        assertThat(run.tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ? AND content LIKE ?",
                run.job.generationJobId(), "%Edited " + run.marker + "%")).isOne();
        assertThat(run.tenant.text("SELECT provider || ' ' || input_tokens || ' ' || output_tokens FROM provider_usage "
                + "WHERE job_id = ? AND attempt = 2", run.job.generationJobId())).isEqualTo(provider() + " 412 96");
    }

    @Test
    void aServerErrorStormFailsTheJobAfterItsAttemptsAndDeadLettersTheRecord() {
        Scenario run = new Scenario();
        stub().when(run.marker, serverError());

        run.sendAndAwait("failed");

        assertThat(run.tenant.count("SELECT attempts FROM generation_jobs WHERE id = ?", run.job.generationJobId()))
                .isEqualTo(3);
        assertThat(run.tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?",
                run.job.generationJobId())).isEqualTo("retryable");
        assertThat(stub().requestsWith(run.marker)).hasSize(3);
        try (EventJobs jobs = new EventJobs(kafka)) {
            assertThat(jobs.deadLettered(Lane.EVENT.deadLetterTopic(), run.job.generationJobId())).isPresent();
        }
    }

    @Test
    void aCallThatTimesOutIsRetriedAndTheNextOneCompletes() {
        Scenario run = new Scenario();
        Answer slow = success(run.observation());
        stub().when(run.marker, new Answer(slow.status(), slow.headers(), slow.body(), 2_500), success(run.observation()));

        run.sendAndAwait("completed");

        assertThat(run.tenant.text("SELECT details->>'reason' FROM generation_job_events WHERE job_id = ? "
                + "AND event_type = 'retry_scheduled'", run.job.generationJobId()))
                .startsWith(provider() + " could not be reached or did not answer in time");
        assertThat(run.tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?",
                run.job.generationJobId())).isOne();
    }

    @Test
    void anAnswerThatIsNoObservationIsAParseFailureAfterTheAttempts() {
        Scenario run = new Scenario();
        stub().when(run.marker, success("I'm sorry, but I can't help with summarizing that tool call."));

        run.sendAndAwait("failed");

        assertThat(run.tenant.text("SELECT last_error->>'classification' FROM generation_jobs WHERE id = ?",
                run.job.generationJobId())).isEqualTo("parse_failure");
        assertThat(run.tenant.count("SELECT count(*) FROM observations WHERE created_by_job_id = ?",
                run.job.generationJobId())).isZero();
        // every answer was billed, parsed or not
        assertThat(run.tenant.count("SELECT count(*) FROM provider_usage WHERE job_id = ?", run.job.generationJobId()))
                .isEqualTo(3);
    }

    /** A Claude Code edit whose file name is {@code marker}: its prompt carries the marker. */
    static String edit(String marker) {
        return """
                {"tool_name":"Edit","tool_input":{"file_path":"src/%s.java","old_string":"retry(3)",
                 "new_string":"retry(5)"},"tool_response":"ok"}""".formatted(marker);
    }

    /** The observation a model would answer for {@link #edit}. */
    static String observation(String marker) {
        return """
                <observation>
                  <type>change</type>
                  <title>Edited %s</title>
                  <narrative>The retry count went from three to five.</narrative>
                </observation>""".formatted(marker);
    }

    /** One tenant's job for an edit whose prompt carries a marker of its own, so the stub tells its calls apart. */
    final class Scenario {

        final TestTenant tenant = TestTenant.create(DATABASE);
        final String marker = "marker" + UUID.randomUUID().toString().replace("-", "");
        final JobPayload job = EventJobs.queued(tenant, edit(marker), null);

        String observation() {
            return ProviderPipelineScenarios.observation(marker);
        }

        void sendAndAwait(String status) {
            try (EventJobs jobs = new EventJobs(kafka)) {
                jobs.send(Lane.EVENT.topic(), job);
                EventJobs.awaitStatus(tenant, job, status);
            }
        }
    }
}
