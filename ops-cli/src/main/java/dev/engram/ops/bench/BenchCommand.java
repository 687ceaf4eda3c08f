package dev.engram.ops.bench;

import dev.engram.core.settings.DatabaseSettings;
import dev.engram.core.store.GenerationJobStore;
import dev.engram.core.store.ObservationStore;
import dev.engram.core.store.ObservationStore.EventLatency;
import dev.engram.core.store.ObservationStore.EventStages;
import dev.engram.core.store.ObservationStore.Stage;
import dev.engram.core.store.OutboxStore;
import dev.engram.ops.bench.BenchReport.Better;
import dev.engram.ops.database.DatabaseOptions;
import dev.engram.ops.database.PostgresConnections;
import dev.engram.ops.database.SchemaMigrator;
import dev.engram.ops.dev.DevLog;
import dev.engram.ops.dev.DevStack;
import dev.engram.ops.dev.DevStackOptions;
import dev.engram.ops.dev.KafkaBroker;
import dev.engram.ops.dev.KafkaBrokerSettings;
import dev.engram.ops.keys.ApiKeyIssuer;
import dev.engram.ops.keys.IssuedKey;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engram bench}: measures, in one run on this machine, what the performance issue's targets are about —
 * pgbench on Engram's own ingest transaction (the physical limit; the batch also on the tables the ingest runs left),
 * Engram's single-event and batch ingest, the relay, event → observation latency at fixed rates with the offline
 * provider (by stage, with the CPU an event cost), memory, and optionally claude-mem's server under the same load —
 * and prints every figure with its ratio against the baseline measured in the same run. Exits 3 when a figure
 * regressed past {@code --tolerance} against {@code --compare}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark ingest and the pipeline against pgbench (and claude-mem) in one run; print the table.")
public final class BenchCommand implements Callable<Integer> {

    static final int REGRESSED = 3;

    /** What infra/docker's Dockerfiles set: the apps' memory as their images run them. */
    static final String IMAGE_JAVA_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";

    @Option(names = "--duration", defaultValue = "20", description = "Seconds per measured figure (default ${DEFAULT-VALUE}).")
    private int durationSeconds = 20;

    // Each phase starts the apps afresh (new class loaders), and on two shared cores their JIT takes about a
    // minute and a half: after 30 s single-event ingest ran at 0.53 of its warm rate, after 90 s at 0.86.
    @Option(names = "--warmup", defaultValue = "90",
            description = "Seconds of unmeasured load before each phase's figures, for the JIT (default ${DEFAULT-VALUE}).")
    private int warmupSeconds = 90;

    @Option(names = "--quick", description = "A smoke run for CI: 3 s figures, 2 s warm-up, 16 connections, 50 events/s.")
    private boolean quick;

    @Option(names = "--phases", split = ",", defaultValue = "pgbench,ingest,pipeline,apps",
            description = "Which phases to run (default ${DEFAULT-VALUE}; apps: each app as its own process, for its "
                    + "memory; also generation: a remote provider stub, 1 to 3 processors); claude-mem is added by "
                    + "--against-claude-mem.")
    private List<String> phases = List.of("pgbench", "ingest", "pipeline", "apps");

    @Option(names = "--apps-dir", defaultValue = ".",
            description = "Apps phase: the source tree whose <module>/target holds the apps' exec jars "
                    + "(./mvnw package builds them; default ${DEFAULT-VALUE}).")
    private Path appsDir = Path.of(".");

    @Option(names = "--app-java-options", defaultValue = IMAGE_JAVA_OPTIONS, paramLabel = "<options>",
            description = "Apps phase: JAVA_TOOL_OPTIONS of each app (default the images' own: ${DEFAULT-VALUE}).")
    private String appJavaOptions = IMAGE_JAVA_OPTIONS;

    @Option(names = "--generation-port", defaultValue = "18081",
            description = "Apps phase: the generation processor's management port (default ${DEFAULT-VALUE}).")
    private int generationPort = 18081;

    @Option(names = "--summary-port", defaultValue = "18082",
            description = "Apps phase: the summary processor's management port (default ${DEFAULT-VALUE}).")
    private int summaryPort = 18082;

    @Option(names = "--provider-latency", defaultValue = "200", paramLabel = "<ms>",
            description = "Generation phase: how long the stub provider takes per call (default ${DEFAULT-VALUE}).")
    private int providerLatencyMillis = 200;

    @Option(names = "--max-in-flight", defaultValue = "64", paramLabel = "<calls>",
            description = "Generation phase: engram.processor.max-in-flight of each processor (default ${DEFAULT-VALUE}); "
                    + "below what the cores allow, it shows how instances add up when each is held to its budget.")
    private int maxInFlight = 64;

    @Option(names = "--generation-jobs", defaultValue = "3000",
            description = "Generation phase: jobs per processor count measured (default ${DEFAULT-VALUE}).")
    private int generationJobs = 3000;

    @Option(names = "--batch", defaultValue = "100", description = "Events per batch request (default ${DEFAULT-VALUE}).")
    private int batch = 100;

    @Option(names = "--against-claude-mem", description = "Also drive claude-mem's server (installed by --claude-mem-up).")
    private boolean againstClaudeMem;

    @Option(names = "--claude-mem-up", defaultValue = "../shared/bench/claude-mem-up.sh",
            description = "Script that starts claude-mem's server and prints KEY=, PROJECT=, BASE= (default ${DEFAULT-VALUE}).")
    private Path claudeMemUp = Path.of("../shared/bench/claude-mem-up.sh");

    @Option(names = "--write", description = "Write the table into this Markdown file (e.g. docs/benchmarks.md).")
    private @Nullable Path write;

    @Option(names = "--save", description = "Save the figures as a baseline file for a later --compare.")
    private @Nullable Path save;

    @Option(names = "--compare", description = "Compare with a saved baseline; exit 3 if a figure regressed.")
    private @Nullable Path compare;

    @Option(names = "--tolerance", defaultValue = "0.25",
            description = "How far a figure may fall behind the baseline before it counts as regressed (default ${DEFAULT-VALUE}).")
    private double tolerance = 0.25;

    @Option(names = "--port", defaultValue = "18080", description = "HTTP port of the benchmarked API (default ${DEFAULT-VALUE}).")
    private int port = 18080;

    @Option(names = "--kafka-port", defaultValue = "19092", description = "Kafka port (default ${DEFAULT-VALUE}).")
    private int kafkaPort = 19092;

    @Option(names = "--kafka-controller-port", defaultValue = "19093", description = "KRaft controller port (default ${DEFAULT-VALUE}).")
    private int kafkaControllerPort = 19093;

    @Option(names = "--state-dir", defaultValue = ".engram-bench",
            description = "Broker data, tool scripts and raw outputs (default ${DEFAULT-VALUE}).")
    private Path stateDir = Path.of(".engram-bench");

    @Option(names = "--verbose", description = "Show the apps' log lines here too.")
    private boolean verbose;

    @Mixin
    private DatabaseOptions databaseOptions = new DatabaseOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Duration duration = Duration.ofSeconds(quick ? 3 : durationSeconds);
        Duration warmup = Duration.ofSeconds(quick ? 2 : warmupSeconds);
        List<Integer> connections = quick ? List.of(16) : List.of(16, 64);
        List<Integer> rates = quick ? List.of(50) : List.of(100, 500);
        DatabaseSettings base = databaseOptions.settings();
        Path work = stateDir.resolve("runs").resolve(Instant.now().toString().replace(':', '-'));
        Files.createDirectories(work);
        BenchReport report = new BenchReport();
        String machine = machine(base);
        out.println("engram bench: " + machine + "; raw outputs in " + work);

        if (phases.contains("pgbench")) {
            pgbench(report, new BenchDatabase(base, base.name() + "_bench_pg"), work, duration, connections);
        }
        if (phases.contains("ingest")) {
            ingest(report, new BenchDatabase(base, base.name() + "_bench"), work, duration, warmup, connections);
        }
        if (phases.contains("pipeline")) {
            pipeline(report, new BenchDatabase(base, base.name() + "_bench"), duration, warmup, rates);
        }
        if (phases.contains("generation")) {
            generation(report, new BenchDatabase(base, base.name() + "_bench"), quick ? 300 : generationJobs);
        }
        if (phases.contains("apps")) {
            apps(report, new BenchDatabase(base, base.name() + "_bench"), work, duration, warmup, connections);
        }
        if (againstClaudeMem) {
            claudeMem(report, work, duration, warmup, connections);
        }

        out.println();
        out.print(report.table());
        String heading = "### `engram bench` on " + LocalDate.now() + " (" + machine + ")";
        if (write != null) {
            report.writeInto(write, heading);
            out.println("Table written to " + write);
        }
        if (save != null) {
            report.save(save);
            out.println("Figures saved to " + save);
        }
        if (compare != null) {
            List<String> regressions = report.regressions(compare, tolerance);
            if (!regressions.isEmpty()) {
                out.println("Regressed past " + Math.round(tolerance * 100) + " % against " + compare + ":");
                regressions.forEach(line -> out.println("  " + line));
                return REGRESSED;
            }
            out.println("No figure regressed past " + Math.round(tolerance * 100) + " % against " + compare);
        }
        return 0;
    }

    private void pgbench(BenchReport report, BenchDatabase db, Path work, Duration duration, List<Integer> connections) {
        if (!Pgbench.installed()) {
            report.note("pgbench is not installed (apt-get install postgresql-contrib): no physical-limit figures");
            return;
        }
        out.println("[1/4] pgbench on Engram's schema (the physical limit)");
        db.recreate();
        try {
            new SchemaMigrator(db.settings()).migrate();
            new ApiKeyIssuer(db.settings()).issue("bench", "bench", List.of("*"), "engram bench");
            Pgbench pgbench = new Pgbench(db.settings(), work);
            int most = connections.get(connections.size() - 1);
            double single = step("single-event transaction, " + most + " clients", duration,
                    () -> pgbench.run("event", most, duration, 1), "tx/s");
            report.add("pgbench.event." + most, "pgbench: single-event transaction, " + most + " clients", single,
                    "tx/s", Better.HIGHER, null, "");
            double batches = step("batch of " + batch + ", 16 clients", duration,
                    () -> pgbench.run("batch", 16, duration, batch), "tx/s");
            report.add("pgbench.batch.16", "pgbench: batch of " + batch + ", 16 clients", batches * batch, "events/s",
                    Better.HIGHER, null, "");
        } finally {
            db.drop();
        }
    }

    private void ingest(BenchReport report, BenchDatabase db, Path work, Duration duration, Duration warmup,
            List<Integer> connections) {
        out.println("[2/4] Engram ingest alone (engram dev --no-processors: API, relay, broker)");
        db.recreate();
        MemorySampler memory = new MemorySampler();
        try {
            try (DevStack stack = DevStack.start(stackOptions(db, false), quietly())) {
                ingestRuns(report, db, stack, work, duration, warmup, connections);
            }
            batchOnTheSameTables(report, db, work, duration);
        } finally {
            memory.close();
            db.drop();
        }
        report.add("engram.ingest.rss", "Engram: bench JVM RSS, ingest alone (API, relay, broker)", memory.maxMegabytes(),
                "MB", Better.LOWER, null, "");
    }

    private void ingestRuns(BenchReport report, BenchDatabase db, DevStack stack, Path work, Duration duration,
            Duration warmup, List<Integer> connections) {
        HttpLoad load = new HttpLoad(stack.baseUrl(), stack.apiKey(), stack.projectId(), work, Processes.onPath("wrk"));
        int most = connections.get(connections.size() - 1);
        step("warm-up", warmup, () -> load.closed("/v1/events", 1, most, warmup), null);
        HttpLoad.Figure unanalyzed = step("single event, " + most + " connections, tables never analyzed",
                duration, () -> load.closed("/v1/events", 1, most, duration), "req/s");
        db.analyze();
        // most connections first: the analyzed figure straight after the unanalyzed one, so the two differ in the
        // tables' statistics, not in how long the JIT has had
        List<Integer> mostFirst = new ArrayList<>(connections);
        Collections.reverse(mostFirst);
        for (int c : mostFirst) {
            Instant from = Instant.now();
            HttpLoad.Figure figure = step("single event, " + c + " connections", duration,
                    () -> load.closed("/v1/events", 1, c, duration), "req/s");
            addHttp(report, "engram.event." + c, "Engram: single event, " + c + " connections", figure,
                    "pgbench.event." + most, "pgbench", c == 64 ? "≥ 1.0× pgbench, ≥ 10× claude-mem, p99 ≤ 50 ms" : "");
            if (c == most) {
                long published = db.inTransaction(
                        jdbc -> new OutboxStore(jdbc).countPublishedBetween(from, Instant.now()));
                report.add("engram.relay", "Engram: relay, records published during that run",
                        published / (double) duration.toSeconds(), "records/s", Better.HIGHER, null, "");
                if (published == 0) {
                    // not a figure but a fault: say what was waiting, and where the stack's log is
                    List<OutboxStore.LaneBacklog> waiting =
                            db.inTransaction(jdbc -> new OutboxStore(jdbc).backlogByLane());
                    report.note("the relay published nothing during the " + c + "-connection run ("
                            + (figure.errors() > 0 ? figure.errors() + " requests failed; " : "")
                            + "outbox rows waiting: " + (waiting.isEmpty() ? "none" : waiting.stream()
                                    .map(lane -> lane.lane() + " " + lane.rows() + " since " + lane.oldest())
                                    .collect(Collectors.joining(", ")))
                            + "); see " + stateDir.resolve(DevLog.FILE));
                }
            }
        }
        Double analyzed = report.value("engram.event." + most);
        report.add("engram.event.unanalyzed", "Engram: single event, " + most + " connections, never analyzed",
                unanalyzed.requestsPerSecond(), "req/s", Better.HIGHER,
                analyzed == null ? null : report.ratio(unanalyzed.requestsPerSecond(), "engram.event." + most,
                        "after ANALYZE"), "≥ 0.95× after ANALYZE");
        HttpLoad.Figure quiet = step("single event, generate=false, " + most + " connections", duration,
                () -> load.closed("/v1/events?generate=false", 1, most, duration), "req/s");
        addHttp(report, "engram.event.nogen." + most, "Engram: single event, generate=false, " + most + " connections",
                quiet, null, "", "");
        HttpLoad.Figure batches = step("batch of " + batch + ", 16 connections", duration,
                () -> load.closed("/v1/events/batch", batch, 16, duration), "req/s");
        report.add("engram.batch.16", "Engram: batch of " + batch + ", 16 connections",
                batches.requestsPerSecond() * batch, "events/s", Better.HIGHER,
                report.ratio(batches.requestsPerSecond() * batch, "pgbench.batch.16", "pgbench"), "≥ 0.6× pgbench");
    }

    /**
     * pgbench's batch again, on the tables Engram's runs left, with the stack stopped: the first pgbench figure is
     * taken on empty tables, Engram's batches come after minutes of single events (hundreds of thousands of rows in
     * each table and its indexes), so this is the limit at the same size.
     */
    private void batchOnTheSameTables(BenchReport report, BenchDatabase db, Path work, Duration duration) {
        Double engram = report.value("engram.batch.16");
        if (!Pgbench.installed() || engram == null) {
            return;
        }
        new ApiKeyIssuer(db.settings()).issue("bench", "bench", List.of("*"), "engram bench");
        double batches = step("pgbench: batch of " + batch + ", 16 clients, on the tables these runs left", duration,
                () -> new Pgbench(db.settings(), work).run("batch", 16, duration, batch), "tx/s");
        double perSecond = batches * batch;
        report.add("pgbench.batch.16.same", "pgbench: batch of " + batch + ", 16 clients, on the same tables",
                perSecond, "events/s", Better.HIGHER,
                perSecond <= 0 ? null : String.format(Locale.ROOT, "Engram's %.2f× this", engram / perSecond), "");
    }

    private void pipeline(BenchReport report, BenchDatabase db, Duration duration, Duration warmup, List<Integer> rates) {
        out.println("[3/4] Event → observation, whole pipeline (engram dev, rules provider), open-loop rates");
        db.recreate();
        MemorySampler memory = new MemorySampler();
        try (DevStack stack = DevStack.start(stackOptions(db, true), quietly())) {
            HttpLoad load = new HttpLoad(stack.baseUrl(), stack.apiKey(), stack.projectId(), stateDir, false);
            step("warm-up at " + rates.get(0) + " events/s", warmup, () -> load.open("/v1/events", rates.get(0), warmup), null);
            awaitDrained(db, Duration.ofSeconds(60));
            db.analyze();
            for (int rate : rates) {
                Instant from = Instant.now();
                CpuClock.Reading cpuBefore = CpuClock.read(db.settings().host());
                HttpLoad.Figure posts = step(rate + " events/s", duration, () -> load.open("/v1/events", rate, duration),
                        "req/s");
                Instant to = Instant.now();
                long behind = db.inTransaction(jdbc -> new GenerationJobStore(jdbc).countUnfinished());
                Duration drained = awaitDrained(db, Duration.ofSeconds(60));
                CpuClock.Reading cpuAfter = CpuClock.read(db.settings().host());
                EventLatency latency = db.inTransaction(jdbc -> new ObservationStore(jdbc)
                        .eventToObservation(stack.teamId(), stack.projectId(), from, to));
                EventStages stages = db.inTransaction(jdbc -> new ObservationStore(jdbc)
                        .eventStages(stack.teamId(), stack.projectId(), from, to));
                out.printf(Locale.ROOT, "      %d events, %d observed; event → observation p50 %.1f ms, p99 %.1f ms; "
                        + "%d jobs unfinished at the end (drained in %.1f s)%n", latency.events(), latency.observed(),
                        latency.p50Millis(), latency.p99Millis(), behind, drained.toMillis() / 1000.0);
                out.printf(Locale.ROOT, "      by stage, p50 / p99: to the relay %s, relay → processor %s, "
                        + "processor → observation %s (%d jobs)%n", stage(stages.toRelay()), stage(stages.toClaim()),
                        stage(stages.toObservation()), stages.jobs());
                double[] cpu = cpuAfter.millisPerEvent(cpuBefore, latency.events());
                out.printf(Locale.ROOT, "      CPU per event, sending and draining: this JVM %.2f ms, Postgres %.2f ms%n",
                        cpu[0], cpu[1]);
                String target = rate >= 500 ? "p50 ≤ 50 ms, p99 ≤ 250 ms" : "p50 ≤ 25 ms, p99 ≤ 60 ms";
                report.add("pipeline." + rate + ".p50", "Engram: event → observation at " + rate + "/s, p50",
                        latency.p50Millis(), "ms", Better.LOWER, null, target);
                report.add("pipeline." + rate + ".p99", "Engram: event → observation at " + rate + "/s, p99",
                        latency.p99Millis(), "ms", Better.LOWER, null, target);
                addStage(report, rate, "relay", "received → picked up by the relay", stages.toRelay());
                addStage(report, rate, "claim", "relay → claimed by the processor", stages.toClaim());
                addStage(report, rate, "observation", "claimed → observation written", stages.toObservation());
                report.add("pipeline." + rate + ".cpu.jvm", "Engram: at " + rate + "/s, CPU per event, bench JVM "
                        + "(apps, broker, load generator)", cpu[0], "ms", Better.LOWER, null, "");
                report.add("pipeline." + rate + ".cpu.postgres", "Engram: at " + rate + "/s, CPU per event, Postgres",
                        cpu[1], "ms", Better.LOWER, null, "");
                report.add("pipeline." + rate + ".post.p99", "Engram: POST at " + rate + "/s, p99 (from when it was due)",
                        posts.p99Millis(), "ms", Better.LOWER, null, "");
                report.add("pipeline." + rate + ".behind", "Engram: jobs unfinished when sending stopped at " + rate + "/s",
                        behind, "jobs", Better.LOWER, null, "nothing behind at the end");
                if (latency.observed() < latency.events()) {
                    report.note(latency.events() - latency.observed() + " of " + latency.events() + " events at " + rate
                            + "/s had no observation 60 s after the run");
                }
            }
        } finally {
            memory.close();
            db.drop();
        }
        report.add("engram.dev.rss", "Engram: bench JVM RSS, whole engram dev (broker and all apps)",
                memory.maxMegabytes(), "MB", Better.LOWER, null, "≤ 1,200 MB");
    }

    private static String stage(Stage stage) {
        return String.format(Locale.ROOT, "%.1f / %.1f ms", stage.p50Millis(), stage.p99Millis());
    }

    /**
     * One stage of event → observation as two figures. The stages' percentiles do not add up to the whole's; they
     * show where the time goes.
     */
    private static void addStage(BenchReport report, int rate, String key, String label, Stage stage) {
        report.add("pipeline." + rate + ".stage." + key + ".p50", "Engram: at " + rate + "/s, " + label + ", p50",
                stage.p50Millis(), "ms", Better.LOWER, null, "");
        report.add("pipeline." + rate + ".stage." + key + ".p99", "Engram: at " + rate + "/s, " + label + ", p99",
                stage.p99Millis(), "ms", Better.LOWER, null, "");
    }

    /**
     * Generation throughput against a remote provider that takes {@code --provider-latency} per call (an
     * OpenAI-compatible stub in this JVM): the whole stack with {@code engram.generation.provider=openai}, then 1, 2
     * and 3 generation processors in one consumer group. Each count gets a fresh backlog of jobs (posted in batches,
     * faster than they are processed) and is measured from the first post until every job completed.
     */
    private void generation(BenchReport report, BenchDatabase db, int jobs) {
        out.println("[+] Generation against a " + providerLatencyMillis + " ms provider (OpenAI protocol stub), "
                + "1, 2 and 3 generation processors, up to " + maxInFlight + " calls in flight each");
        db.recreate();
        MemorySampler memory = new MemorySampler();
        try (SlowProvider provider = new SlowProvider(Duration.ofMillis(providerLatencyMillis))) {
            Map<String, String> remote = Map.of("engram.generation.provider", "openai",
                    "spring.ai.openai.base-url", provider.baseUrl(), "spring.ai.openai.api-key", "sk-bench-stub",
                    "spring.ai.openai.chat.options.model", "bench-200ms",
                    "engram.processor.max-in-flight", String.valueOf(maxInFlight),
                    // two consumers per instance: three instances then share the lane's six partitions; with six
                    // each, the first instance's consumers keep every partition and the others sit idle
                    "spring.cloud.stream.bindings.generateObservations-in-0.consumer.concurrency", "2",
                    // the backfill would compete for the same two cores; this phase measures generation alone
                    "engram.embedding.enabled", "false");
            DevStackOptions options = stackOptions(db, true, "kafka-generation").withProcessorProperties(remote);
            try (DevStack stack = DevStack.start(options, quietly())) {
                HttpLoad load = new HttpLoad(stack.baseUrl(), stack.apiKey(), stack.projectId(), stateDir, false);
                int requests = Math.max(1, jobs / batch);
                for (int instances = 1; instances <= 3; instances++) {
                    while (stack.generationInstances() < instances) {
                        stack.startGenerationInstance(Map.of());
                    }
                    // Unmeasured: the consumer group settles on its members and the new code paths get compiled.
                    sleep(Duration.ofSeconds(5));
                    load.post("/v1/events/batch", batch, Math.max(1, Math.min(500, jobs) / batch));
                    awaitDrained(db, Duration.ofMinutes(2));
                    int processors = instances;
                    provider.resetMostAtOnce();
                    long before = provider.calls();
                    Instant from = Instant.now();
                    double perSecond = step(processors + " generation processor" + (processors == 1 ? "" : "s") + ", "
                            + requests * batch + " jobs", Duration.ZERO, () -> {
                                int failed = load.post("/v1/events/batch", batch, requests);
                                if (failed > 0) {
                                    report.note(failed + " batch posts failed in the generation phase");
                                }
                                awaitDrained(db, Duration.ofMinutes(5));
                                Duration took = Duration.between(from, Instant.now());
                                long left = db.inTransaction(jdbc -> new GenerationJobStore(jdbc).countUnfinished());
                                if (left > 0) {
                                    throw new IllegalStateException(left + " generation jobs were still unfinished "
                                            + "after 5 minutes");
                                }
                                return requests * batch / (took.toMillis() / 1000.0);
                            }, "jobs/s");
                    out.printf(Locale.ROOT, "      %d provider calls, at most %d at once%n", provider.calls() - before,
                            provider.mostAtOnce());
                    report.add("generation." + processors, "Engram: generation against a " + providerLatencyMillis
                                    + " ms provider, " + processors + " processor" + (processors == 1 ? "" : "s")
                                    + (maxInFlight == 64 ? "" : ", " + maxInFlight + " calls in flight each"),
                            perSecond, "jobs/s", Better.HIGHER, processors == 1 ? null
                                    : report.ratio(perSecond, "generation.1", "1 processor"),
                            processors == 1 ? "≥ 50 jobs/s (claude-mem's worker: 4.8)"
                                    : processors == 3 ? "≥ 2.7× 1 processor" : "");
                }
            }
        } finally {
            memory.close();
            db.drop();
        }
        report.add("generation.rss", "Engram: bench JVM RSS, generation phase (stack + 3 generation processors)",
                memory.maxMegabytes(), "MB", Better.LOWER, null, "");
    }

    /**
     * Each app in its own JVM, from its exec jar with {@code --app-java-options}, as its container runs it, under
     * the ingest phase's load (single events, then batches) and until the processors have caught up: each one's peak
     * resident set. The broker runs in the bench's own JVM.
     */
    private void apps(BenchReport report, BenchDatabase db, Path work, Duration duration, Duration warmup,
            List<Integer> connections) {
        out.println("[+] Each app as its own process (exec jars under " + appsDir.toAbsolutePath().normalize()
                + ", JAVA_TOOL_OPTIONS=" + appJavaOptions + ")");
        List<String> missing = AppProcesses.missingJars(appsDir);
        if (!missing.isEmpty()) {
            String why = "no exec jar for " + String.join(", ", missing) + " under " + appsDir
                    + " (./mvnw package builds them): no per-app memory figures";
            report.note(why);
            out.println("      " + why);
            return;
        }
        db.recreate();
        DevLog.brokerToFile(stateDir, verbose);
        try (KafkaBroker broker = new KafkaBroker(emptyBroker("kafka-apps"))) {
            broker.start();
            new SchemaMigrator(db.settings()).migrate();
            IssuedKey key = new ApiKeyIssuer(db.settings()).issue("bench", "bench", List.of("*"), "engram bench");
            Map<String, Double> peaks;
            try (AppProcesses apps = step("start the three apps", Duration.ZERO,
                    () -> AppProcesses.start(appsDir, db.settings(), broker.bootstrapServers(),
                            List.of(port, generationPort, summaryPort), appJavaOptions, work.resolve("apps"),
                            Duration.ofMinutes(3)), null)) {
                HttpLoad load = new HttpLoad(apps.baseUrl(), key.rawKey(), "bench", work,
                        Processes.onPath("wrk"));
                int most = connections.get(connections.size() - 1);
                step("warm-up", warmup, () -> load.closed("/v1/events", 1, most, warmup), null);
                step("single event, " + most + " connections", duration,
                        () -> load.closed("/v1/events", 1, most, duration), "req/s");
                step("batch of " + batch + ", 16 connections", duration,
                        () -> load.closed("/v1/events/batch", batch, 16, duration), "req/s");
                Duration drained = awaitDrained(db, Duration.ofSeconds(120));
                long left = db.inTransaction(jdbc -> new GenerationJobStore(jdbc).countUnfinished());
                if (left == 0) {
                    out.printf(Locale.ROOT, "      processors caught up %.1f s after the load%n", drained.toMillis() / 1000.0);
                } else {
                    out.printf(Locale.ROOT, "      %d jobs still unfinished %.0f s after the load%n", left,
                            drained.toMillis() / 1000.0);
                    report.note("apps phase: " + left + " jobs were still unfinished 120 s after the load; the peaks "
                            + "were read then");
                }
                peaks = apps.peakMegabytes();
            }
            for (AppProcesses.App app : AppProcesses.APPS) {
                Double peak = peaks.get(app.module());
                if (peak == null) {
                    report.note(app.module() + ": no peak RSS (no /proc here?)");
                    continue;
                }
                out.printf(Locale.ROOT, "      %s: peak RSS %,.0f MB%n", app.module(), peak);
                report.add("apps." + app.module() + ".rss", "Engram: " + app.module() + " in its own JVM, peak RSS",
                        peak, "MB", Better.LOWER, null, "≤ 300 MB");
            }
            report.note("The apps phase ran each app with JAVA_TOOL_OPTIONS=" + appJavaOptions);
        } finally {
            db.drop();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void claudeMem(BenchReport report, Path work, Duration duration, Duration warmup, List<Integer> connections) {
        out.println("[4/4] claude-mem's server under the same load (" + claudeMemUp + ")");
        try (ClaudeMem claudeMem = ClaudeMem.start(claudeMemUp, work)) {
            HttpLoad load = new HttpLoad(claudeMem.baseUrl(), claudeMem.key(), claudeMem.project(), work,
                    Processes.onPath("wrk"));
            int most = connections.get(connections.size() - 1);
            step("warm-up", warmup, () -> load.closed("/v1/events", 1, most, warmup), null);
            claudeMem.analyze();
            for (int c : connections) {
                HttpLoad.Figure figure = step("single event, " + c + " connections", duration,
                        () -> load.closed("/v1/events", 1, c, duration), "req/s");
                addHttp(report, "claude-mem.event." + c, "claude-mem: single event, " + c + " connections", figure,
                        null, "", "");
                Double engram = report.value("engram.event." + c);
                if (engram != null) {
                    report.add("engram.vs.claude-mem." + c, "Engram over claude-mem, single event, " + c + " connections",
                            engram / figure.requestsPerSecond(), "×", Better.HIGHER, null, c == 64 ? "≥ 10×" : "");
                }
            }
            HttpLoad.Figure batches = step("batch of " + batch + ", 16 connections", duration,
                    () -> load.closed("/v1/events/batch", batch, 16, duration), "req/s");
            report.add("claude-mem.batch.16", "claude-mem: batch of " + batch + ", 16 connections",
                    batches.requestsPerSecond() * batch, "events/s", Better.HIGHER, null, "");
        } catch (RuntimeException e) {
            report.note("claude-mem was not measured: " + e.getMessage());
            out.println("      claude-mem was not measured: " + e.getMessage());
        }
    }

    private void addHttp(BenchReport report, String key, String label, HttpLoad.Figure figure,
            @Nullable String referenceKey, String referenceName, String target) {
        report.add(key, label, figure.requestsPerSecond(), "req/s", Better.HIGHER,
                report.ratio(figure.requestsPerSecond(), referenceKey, referenceName), target);
        report.add(key + ".p99", label + ", p99", figure.p99Millis(), "ms", Better.LOWER, null, "");
        if (figure.errors() > 0) {
            report.note(label + ": " + figure.errors() + " requests failed or answered non-2xx");
        }
    }

    /** Runs one measured step with a progress line: what runs, how long, then its headline figure. */
    private <T> T step(String what, Duration duration, Supplier<T> measure, @Nullable String unit) {
        if (duration.isZero()) {
            out.printf(Locale.ROOT, "    %s ... ", what);
        } else {
            out.printf(Locale.ROOT, "    %s (%d s) ... ", what, duration.toSeconds());
        }
        out.flush();
        long started = System.nanoTime();
        T result = measure.get();
        if (result instanceof HttpLoad.Figure figure) {
            out.printf(Locale.ROOT, "%,.0f %s, p50 %.1f ms, p99 %.1f ms%s%n", figure.requestsPerSecond(),
                    unit == null ? "req/s" : unit, figure.p50Millis(), figure.p99Millis(),
                    figure.errors() > 0 ? ", " + figure.errors() + " failed" : "");
        } else if (result instanceof Double value) {
            out.printf(Locale.ROOT, "%,.0f %s%n", value, unit);
        } else {
            out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
        return result;
    }

    private Duration awaitDrained(BenchDatabase db, Duration atMost) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < atMost.toNanos()
                && db.inTransaction(jdbc -> new GenerationJobStore(jdbc).countUnfinished()) > 0) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private DevStackOptions stackOptions(BenchDatabase db, boolean processors) {
        return stackOptions(db, processors, "kafka-" + processors);
    }

    /** A dev stack on the phase's new database, its broker's data in {@code <state-dir>/<brokerDir>}, started empty. */
    private DevStackOptions stackOptions(BenchDatabase db, boolean processors, String brokerDir) {
        return DevStackOptions.defaults()
                .withHttpPort(port)
                .withKafka(emptyBroker(brokerDir))
                .withDatabase(db.settings().springProperties())
                .withStateDir(stateDir)
                .withProcessors(processors)
                .withVerbose(verbose);
    }

    /**
     * A phase's broker, its data directory in the state directory emptied first: records an earlier run left on the
     * topics (one interrupted before its processors caught up) would be read first, for jobs the phase's new database
     * does not have.
     */
    private KafkaBrokerSettings emptyBroker(String dir) {
        Path data = stateDir.resolve(dir);
        deleteRecursively(data);
        return new KafkaBrokerSettings(kafkaPort, kafkaControllerPort, data);
    }

    /** The dev stack's own start-up lines go to the log only: the bench prints its own. */
    private PrintStream quietly() {
        return verbose ? out : new PrintStream(PrintStream.nullOutputStream());
    }

    private static String machine(DatabaseSettings base) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "this machine";
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        return host + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory + " GiB, Postgres at "
                + base.host() + ":" + base.port() + ", load generator " + (Processes.onPath("wrk") ? "wrk" : "built-in");
    }

    /** A database the bench creates fresh for one phase and drops after it. */
    private record BenchDatabase(DatabaseSettings base, String name) {

        // spliced into CREATE DATABASE, which takes no bind parameters
        private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

        BenchDatabase {
            if (!SAFE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("--db-name: the bench's database would be '" + name
                        + "'; it must be letters, digits and _ (not starting with a digit), at most 63 in all");
            }
        }

        DatabaseSettings settings() {
            return new DatabaseSettings(base.host(), base.port(), name, base.user(), base.password());
        }

        void recreate() {
            admin("DROP DATABASE IF EXISTS " + quoted() + " WITH (FORCE)", "CREATE DATABASE " + quoted());
        }

        void drop() {
            admin("DROP DATABASE IF EXISTS " + quoted() + " WITH (FORCE)");
        }

        /** As it is connected to: unquoted, {@code --db-name Bench} would create {@code bench}. */
        private String quoted() {
            return '"' + name + '"';
        }

        /** The machine's Postgres runs without autovacuum: statistics exist only once someone analyzes. */
        void analyze() {
            try (Connection c = PostgresConnections.open(settings()); Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            } catch (SQLException e) {
                throw new IllegalStateException("ANALYZE on " + name + " failed: " + e.getMessage(), e);
            }
        }

        <T> T inTransaction(Function<JdbcClient, T> work) {
            return PostgresConnections.inTransaction(settings(), work);
        }

        private void admin(String... statements) {
            try (Connection c = PostgresConnections.open(base, "postgres"); Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare database " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
