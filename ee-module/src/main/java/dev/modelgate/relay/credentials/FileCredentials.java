package dev.modelgate.relay.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Credentials as files, one per name, in {@code MODELGATE_CREDENTIALS_DIR} (a Kubernetes secret mounted as
 * a volume, say): {@code <dir>/openai-prod} holds that key, surrounding whitespace trimmed. A lookup sits on
 * every relayed request, so each file is read at most once per refresh interval (the vault's,
 * {@code modelgate.credentials.refresh.seconds}): a remounted secret is in effect within that time.
 */
@ApplicationScoped
public class FileCredentials {

    @Inject
    @ConfigProperty(name = "modelgate.credentials.dir")
    Optional<String> dir;

    @Inject
    @ConfigProperty(name = "modelgate.credentials.refresh.seconds", defaultValue = "5")
    int refreshSeconds;

    LongSupplier nanoClock = System::nanoTime;

    /** The last read of each name's file, found or not; names come from the policy and the admin API. */
    private final Map<String, Read> recent = new ConcurrentHashMap<>();

    private record Read(Optional<Secret> value, long atNanos) {
    }

    public Optional<Secret> get(String name) {
        Optional<Path> file = file(name);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        long now = nanoClock.getAsLong();
        Read last = recent.get(name);
        if (last == null || now - last.atNanos() >= Duration.ofSeconds(Math.max(1, refreshSeconds)).toNanos()) {
            last = new Read(read(file.get()), now);
            recent.put(name, last);
        }
        return last.value();
    }

    /** The names of the readable files; Kubernetes' own entries ({@code ..data}) do not match a credential name. */
    public List<String> names() {
        Optional<Path> root = root();
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(root.get())) {
            return files.map(p -> p.getFileName().toString()).filter(CredentialNames::valid)
                    .filter(n -> get(n).isPresent()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Optional<Path> root() {
        return dir.filter(d -> !d.isBlank()).map(Path::of);
    }

    private Optional<Path> file(String name) {
        // The name pattern has no '/' and cannot start with '.', so it cannot leave the directory.
        return CredentialNames.valid(name) ? root().map(r -> r.resolve(name)) : Optional.empty();
    }

    private static Optional<Secret> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            return value.isEmpty() ? Optional.empty() : Optional.of(new Secret(value));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
