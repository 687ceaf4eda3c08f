package dev.engram.processor;

import dev.engram.core.job.InvalidJobPayloadException;
import dev.engram.core.job.JobPayload;
import dev.engram.core.job.JobPayloadCodec;
import dev.engram.core.lane.Lane;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * Binds a {@link JobWork} to a lane: the {@code Consumer} a processor declares as its function bean. The
 * binder learns how a delivery ended the only way it can, from an exception: a scheduled retry is
 * re-delivered with back-off ({@link RetryScheduled}), a job failed for good goes straight to the lane's
 * dead-letter topic ({@link JobFailedPermanently}), and so does a record that is not a payload at all. A job whose
 * provider call was handed to {@link InFlightCalls} has already left the binder: its retries and dead letter are
 * that class's.
 */
public final class JobRecords {

    private static final Logger log = LoggerFactory.getLogger(JobRecords.class);

    private JobRecords() {
    }

    /**
     * A lane consumed in batches (the binding's {@code batch-mode}): each poll's records go to
     * {@link JobRunner#deliverAll} together. The binder dead-letters and retries nothing here: a job failed for good
     * has its record published to the lane's dead-letter topic by {@link DeadLetters}, and so has a record that is
     * not a payload; a scheduled retry runs again after its delay ({@link JobRunner#retryLater}). Only a failure of
     * the database itself is thrown, and the binding's error handler ({@code jobBatchRedeliveries}) delivers the
     * whole poll again with back-off; what was done before it is found done.
     */
    public static Consumer<Message<List<byte[]>>> batchConsumer(JobRunner runner, JobWork<?, ?> work, Lane lane,
            DeadLetters deadLetters) {
        return records -> deliverAll(runner, work, lane, deadLetters, records);
    }

    private static <S, R> void deliverAll(JobRunner runner, JobWork<S, R> work, Lane lane, DeadLetters deadLetters,
            Message<List<byte[]>> records) {
        List<?> headers = records.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.class);
        Map<String, JobTelemetry.Run> runs = new LinkedHashMap<>();
        List<JobTelemetry.Run> batch = new ArrayList<>(records.getPayload().size());
        for (int i = 0; i < records.getPayload().size(); i++) {
            byte[] record = records.getPayload().get(i);
            try {
                JobPayload hint = JobPayloadCodec.read(record);
                String traceparent = headers != null && i < headers.size() && headers.get(i) instanceof Map<?, ?> map
                        ? JobTelemetry.traceparent(map) : null;
                JobTelemetry.Run run = runner.beginBatched(hint, lane, traceparent);
                batch.add(run);
                runs.putIfAbsent(hint.generationJobId(), run);
            } catch (InvalidJobPayloadException e) {
                log.error("a record on {} is not a job payload and is dead-lettered: {}", lane.topic(), e.getMessage());
                deadLetters.sendUnreadable(lane, record, e);
            }
        }
        for (JobRunner.Ended ended : runner.deliverAll(batch, work)) {
            JobTelemetry.Run run = runs.get(ended.jobId());
            switch (ended.outcome()) {
                case RETRY_SCHEDULED -> runner.retryLater(run, work, ended);
                case FAILED -> deadLetters.send(run.hint(), String.valueOf(ended.reason()));
                default -> {
                }
            }
        }
    }

    /** A lane consumed a record at a time: each goes to {@link JobRunner#deliver}, in the binder's receive span. */
    public static Consumer<Message<byte[]>> consumer(JobRunner runner, JobWork<?, ?> work, Lane lane) {
        return message -> runner.deliver(runner.begin(JobPayloadCodec.read(message.getPayload()), lane,
                JobTelemetry.traceparent(message.getHeaders())), work).ifPresent(ended -> {
            switch (ended.outcome()) {
                case RETRY_SCHEDULED -> throw new RetryScheduled(ended.jobId(),
                        ended.cause() != null ? ended.cause() : new IllegalStateException(ended.reason()));
                case FAILED -> throw new JobFailedPermanently(ended.jobId(), String.valueOf(ended.reason()));
                default -> {
                }
            }
        });
    }
}
