package dev.modelgate.relay.api;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How long a client may take to send a request body once it has sent the headers, and the one timer thread
 * that enforces it. Only bodies that did not arrive with their headers are timed (see {@link RelayServlet}),
 * so the common request schedules nothing.
 */
@ApplicationScoped
public class BodyDeadlines {

    private final long timeoutMillis;
    private final ScheduledThreadPoolExecutor timer;

    @Inject
    public BodyDeadlines(@ConfigProperty(name = "modelgate.body.timeout.ms", defaultValue = "30000") long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "modelgate-body-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a body that arrives in time leaves no task behind
    }

    /** For CDI's proxy only. */
    protected BodyDeadlines() {
        this.timeoutMillis = 0;
        this.timer = null;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Runs {@code expire} when the body is not in by the deadline; cancel the answer when it is. */
    public ScheduledFuture<?> start(Runnable expire) {
        return timer.schedule(expire, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
