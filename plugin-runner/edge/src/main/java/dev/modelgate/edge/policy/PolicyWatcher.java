package dev.modelgate.edge.policy;

import dev.modelgate.policy.decision.PolicyHash;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves the policies that gateway routes name, and reloads them when their files change. A new
 * version that does not load is refused with every problem logged as file:line:col, and the previous
 * version keeps serving; the request path only ever reads a volatile reference.
 *
 * <p>Changes are found by polling the files' bytes rather than by file-system events: editors, git
 * checkouts and Ansible's atomic renames all show up the same way, and policies are small.
 */
public final class PolicyWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PolicyWatcher.class.getName());

    private final PolicyLoader loader;
    private final Map<List<Path>, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;

    public PolicyWatcher(EnvInterpolator env, Duration interval) {
        this.loader = new PolicyLoader(env);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modelgate-policy-watch");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(50, interval.toMillis());
        poller.scheduleWithFixedDelay(this::pollAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The policy serving these files; the first call loads them. */
    public LivePolicy current(List<Path> files) throws PolicyUnavailableException {
        Watched w = watched.computeIfAbsent(List.copyOf(files), Watched::new);
        LivePolicy live = w.live;
        if (live == null) {
            synchronized (w) {
                if (w.live == null && w.fingerprint == null) {
                    w.poll();
                }
                live = w.live;
            }
        }
        if (live == null) {
            throw new PolicyUnavailableException("The Modelgate policy " + files + " could not be loaded; see the runner's log.");
        }
        return live;
    }

    private void pollAll() {
        for (Watched w : watched.values()) {
            try {
                synchronized (w) {
                    w.poll();
                }
            } catch (RuntimeException e) {
                // never let one broken set of files stop the watcher thread for the others
                LOG.log(System.Logger.Level.ERROR, "policy watch failed for " + w.files + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private final class Watched {
        final List<Path> files;
        volatile LivePolicy live;
        /** Fingerprint of the bytes last tried, loaded or refused, so a bad version is reported once. */
        String fingerprint;

        Watched(List<Path> files) {
            this.files = files;
        }

        void poll() {
            List<PolicySource> sources = null;
            String print;
            PolicyException unreadable = null;
            try {
                sources = PolicyLoader.readFiles(files);
                print = fingerprint(sources);
            } catch (PolicyException e) {
                unreadable = e;
                print = "unreadable:" + e.getMessage();
            }
            if (print.equals(fingerprint)) {
                return;
            }
            fingerprint = print;
            if (unreadable != null) {
                refuse(unreadable);
                return;
            }
            try {
                CompiledPolicy compiled = CompiledPolicy.of(loader.load(sources));
                long generation = live == null ? 1 : live.generation() + 1;
                live = new LivePolicy(compiled, PolicyHash.of(compiled.policy()),
                        new RequestParser(RequestLimits.withMaxBody(compiled.policy().settings().maxBodyBytes())), generation);
                LOG.log(System.Logger.Level.INFO, "Modelgate policy " + files + " loaded (version " + generation + ", "
                        + compiled.policy().models().size() + " aliases, " + compiled.policy().teams().size() + " teams)");
            } catch (PolicyException e) {
                refuse(e);
            }
        }

        private void refuse(PolicyException e) {
            LOG.log(System.Logger.Level.ERROR, "Modelgate policy " + files + " refused"
                    + (live != null ? "; version " + live.generation() + " keeps serving" : "; nothing to serve yet")
                    + ":\n" + e.getMessage());
        }
    }

    private static String fingerprint(List<PolicySource> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (PolicySource source : sources) {
                digest.update(source.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(source.content());
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
