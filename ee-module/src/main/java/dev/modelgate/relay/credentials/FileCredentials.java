package dev.modelgate.relay.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Credentials as files, one per name, in {@code MODELGATE_CREDENTIALS_DIR} (a Kubernetes secret mounted as
 * a volume, say): {@code <dir>/openai-prod} holds that key, surrounding whitespace trimmed. Read at every
 * lookup, so a remounted secret is in effect at the next request.
 */
@ApplicationScoped
public class FileCredentials {

    @Inject
    @ConfigProperty(name = "modelgate.credentials.dir")
    Optional<String> dir;

    public Optional<Secret> get(String name) {
        return file(name).flatMap(FileCredentials::read);
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
