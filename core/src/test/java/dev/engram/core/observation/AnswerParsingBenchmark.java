package dev.engram.core.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What reading a provider's answer costs a processor, once per job (JMH; {@code infra/bench/jmh.sh}). Two answers:
 * what the offline {@code rules} provider writes for a tool use, and what a model writes (prose, a fence, a long
 * narrative). {@code elementsByPattern} is the baseline: the regular expression the parsers searched each element
 * with before {@link Elements}, over the same names as {@code elementsByScan}; the ratio of the two is measured in
 * one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnswerParsingBenchmark {

    private static final List<String> NAMES = List.of("type", "title", "subtitle", "narrative", "facts", "fact",
            "concepts", "concept", "files_read", "files_modified", "file");

    private static final String RULES = """
            <observation>
            <type>change</type>
            <title>Edited src/main/java/dev/engram/ingest/event/GroupCommit.java</title>
            <subtitle>Edit in GroupCommit.java</subtitle>
            <facts>
            <fact>File: src/main/java/dev/engram/ingest/event/GroupCommit.java</fact>
            <fact>Replaced: int window = 2;</fact>
            <fact>With: int window = settings.window();</fact>
            </facts>
            <narrative>The agent edited src/main/java/dev/engram/ingest/event/GroupCommit.java, replacing \
            int window = 2; with int window = settings.window();.</narrative>
            <concepts>
            <concept>what-changed</concept>
            <concept>how-it-works</concept>
            </concepts>
            <files_read>
            </files_read>
            <files_modified>
            <file>src/main/java/dev/engram/ingest/event/GroupCommit.java</file>
            </files_modified>
            </observation>
            """;

    private static final String MODEL = """
            I looked at the tool output and recorded what matters for future sessions.

            ```xml
            <observation>
              <type>discovery</type>
              <title>Relay stalls for two minutes on a freshly created topic</title>
              <subtitle>KAFKA-14359: idempotent producer, five requests in flight, NOT_LEADER first</subtitle>
              <facts>
                <fact>The first batch sent to a topic created a moment before is refused with \
            NOT_LEADER_OR_FOLLOWER</fact>
                <fact>The next batch is written first; the retried one is then refused as \
            OUT_OF_ORDER_SEQUENCE</fact>
                <fact>The producer retries until delivery.timeout.ms (120 s) runs out</fact>
                <fact>max.in.flight.requests.per.connection=1 keeps batches in order and avoids it</fact>
              </facts>
              <narrative>While investigating why the bench's relay published nothing after the stack started, the \
            agent traced the symptom to the idempotent producer. With five requests in flight, a batch that fails \
            with a retriable error on a partition whose leader is not yet elected lets the following batch through \
            first; when the first is retried its sequence number is out of order and the broker refuses it again \
            and again, until the delivery timeout expires. The relay waits on that send, so nothing else is \
            published for two minutes. Keeping one request in flight per connection removes the window at the \
            cost of at most one round trip per relay batch, which the relay's batching of five hundred rows \
            absorbs. A test now creates ten topics and publishes to each immediately, and fails with five in \
            flight.</narrative>
              <concepts>
                <concept>problem-solution</concept>
                <concept>gotcha</concept>
                <concept>how-it-works</concept>
              </concepts>
              <files_read>
                <file>ingest-api/src/main/resources/application.yml</file>
                <file>ingest-api/src/main/java/dev/engram/ingest/relay/OutboxRelay.java</file>
              </files_read>
              <files_modified>
                <file>ingest-api/src/main/resources/application.yml</file>
              </files_modified>
            </observation>
            ```

            Let me know if you need anything else.
            """;

    @Param({"rules", "model"})
    public String answer;

    private String text;
    private String block;
    private List<Pattern> patterns;

    @Setup
    public void setUp() {
        text = answer.equals("rules") ? RULES : MODEL;
        block = Elements.find(text, "observation", 0).content(text);
        patterns = NAMES.stream().map(ElementsTest::formerPattern).toList();
    }

    /** The whole parse: the observation block, its eleven elements, their values. */
    @Benchmark
    public ProviderAnswer parse() {
        return ObservationXmlParser.parse(text);
    }

    /** Each element's first occurrence in the block, found by {@link Elements}. */
    @Benchmark
    public void elementsByScan(Blackhole sink) {
        for (String name : NAMES) {
            sink.consume(Elements.find(block, name, 0));
        }
    }

    /** The same, found by the pattern the parsers used before. */
    @Benchmark
    public void elementsByPattern(Blackhole sink) {
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(block);
            sink.consume(matcher.find() ? matcher.end() : -1);
        }
    }
}
