package dev.engram.summary.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import dev.engram.core.testing.ProviderStub;
import dev.engram.core.testing.ProviderStub.Answer;
import dev.engram.core.testing.TestDatabase;
import dev.engram.core.testing.TestTenant;
import dev.engram.summary.consumer.SummaryConsumerTest.EndedSession;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The summary processor with {@code engram.generation.provider=openai}: Spring AI's OpenAI client against a local
 * stub answering as the Chat Completions API does. A rate-limited answer (429 with Retry-After) is retried after the
 * wait it asked for, and the session gets the model's summary, its tokens recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "engram.generation.provider=openai",
        "spring.ai.openai.api-key=sk-test-summary-0123456789abcdef",
        "spring.ai.openai.chat.options.model=gpt-4.1-mini",
        "engram.embedding.enabled=false",
        "engram.processor.retry-base-delay=100ms"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "engram.kafka.bootstrap-servers")
class RemoteSummaryProviderTest {

    static final TestDatabase DATABASE = TestDatabase.fresh("summary");
    static final ProviderStub STUB = new ProviderStub();

    @Autowired
    EmbeddedKafkaBroker kafka;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("spring.ai.openai.base-url", () -> STUB.baseUrl() + "/v1");
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void aRateLimitedSummaryIsRetriedAfterItsWaitAndTheSessionGetsTheModelsSummary() throws Exception {
        TestTenant tenant = TestTenant.create(DATABASE);
        EndedSession session = SummaryConsumerTest.endedSession(tenant, SummaryConsumerTest.cartSessionEvents());
        // the summary prompt carries the session's events; the first one's id tells this session's calls apart
        String marker = session.eventIds().get(0).toString();
        STUB.when(marker,
                new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", "1"), """
                        {"error":{"message":"Rate limit reached for gpt-4.1-mini on tokens per min (TPM): Limit 30000, \
                        Used 29800, Requested 1200. Please try again in 1s.","type":"tokens","param":null,\
                        "code":"rate_limit_exceeded"}}""", 0),
                Answer.json(200, ProviderStub.openAiCompletion("""
                        Here is the summary of the session.
                        ```xml
                        <summary>
                          <request>Apply the bulk discount from ten items</request>
                          <investigated>Cart.total() and its discount branch</investigated>
                          <learned>The branch used &gt; where the rule says ten or more</learned>
                          <completed>Changed the comparison to &gt;= and the tests pass</completed>
                          <next_steps>None</next_steps>
                          <notes>One failing test run before the fix</notes>
                        </summary>
                        ```""")));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.getBrokersAsString(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Lane.SUMMARY.topic(), session.job().generationJobId(),
                    JobPayloadCodec.write(session.job()))).get();
        }

        String job = session.job().generationJobId();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "completed".equals(tenant.text("SELECT status FROM generation_jobs WHERE id = ?", job)));
        assertThat(tenant.text("SELECT string_agg(event_type, ',' ORDER BY id) FROM generation_job_events "
                + "WHERE job_id = ?", job)).isEqualTo("queued,processing,retry_scheduled,processing,completed");
        // the second call came no sooner than the Retry-After it was given
        assertThat(tenant.count("SELECT count(*) FROM generation_job_events r JOIN generation_job_events p "
                + "ON p.job_id = r.job_id AND p.event_type = 'processing' AND p.id > r.id "
                + "WHERE r.job_id = ? AND r.event_type = 'retry_scheduled' "
                + "AND p.created_at - r.created_at >= interval '1 second'", job)).isOne();
        assertThat(tenant.text("SELECT metadata->>'learned' FROM observations WHERE created_by_job_id = ? "
                + "AND kind = 'summary' AND server_session_id = ?", job, session.id()))
                .isEqualTo("The branch used > where the rule says ten or more");
        assertThat(tenant.text("SELECT generation_status FROM sessions WHERE id = ?", session.id()))
                .isEqualTo("completed");
        assertThat(tenant.text("SELECT provider || ' ' || input_tokens || ' ' || output_tokens FROM provider_usage "
                + "WHERE job_id = ? AND attempt = 2", job)).isEqualTo("openai 412 96");
        assertThat(STUB.requestsWith(marker)).hasSize(2);
    }
}
