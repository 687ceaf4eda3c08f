package dev.engram.ingest.background;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * A loop on a daemon thread of its own, started and stopped with the application context: the shape of
 * every background worker of the ingest API that owns a dedicated JDBC session.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private final String threadName;
    private final Duration stopWait;

    private volatile boolean running;
    private volatile @Nullable Thread thread;

    /**
     * @param threadName the thread's name, as thread dumps show it
     * @param stopWait how long {@link #stop()} waits for the loop to notice and end
     */
    protected BackgroundLoop(String threadName, Duration stopWait) {
        this.threadName = threadName;
        this.stopWait = stopWait;
    }

    /** The loop itself: runs until {@link #isRunning()} turns false, and must not throw. */
    protected abstract void loop();

    @Override
    public void start() {
        running = true;
        Thread worker = new Thread(this::loop, threadName);
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(stopWait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Sleeps for {@code duration}; an interrupt ends the loop. */
    protected final void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
