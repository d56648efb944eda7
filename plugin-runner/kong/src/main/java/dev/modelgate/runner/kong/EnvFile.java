package dev.modelgate.runner.kong;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings from a {@code NAME=value} file ({@code -env-file}). Kong starts plugin servers from nginx, which
 * passes on only the environment variables declared to it; a file readable by the plugin server's user alone
 * keeps the HMAC secret out of kong.conf and out of process listings. Variables set in the real environment
 * win over the file.
 */
final class EnvFile {

    private static final System.Logger LOG = System.getLogger(EnvFile.class.getName());

    private EnvFile() {
    }

    /** @throws IllegalStateException naming the line that cannot be read (never its value) */
    static Function<String, String> over(Path file, Function<String, String> environment) throws IOException {
        Map<String, String> values = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": expected NAME=value");
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, eq).strip().replaceFirst("^export\\s+", ""), value);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.log(System.Logger.Level.WARNING, file + " is readable by every user; it holds the gateway's HMAC secret (chmod 600)");
        }
        return name -> {
            String set = environment.apply(name);
            return set != null && !set.isBlank() ? set : values.get(name);
        };
    }
}
