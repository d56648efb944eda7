package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A Kubernetes secret mounted as a directory: one file per key, plus the mount's own dot-entries. */
class FileCredentialsTest {

    @Test
    void valuesAreTrimmedAndOnlyCredentialNamesCount(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("openai-prod"), "sk-from-file\n");
        Files.writeString(dir.resolve("empty"), "  \n");
        Files.createDirectory(dir.resolve("..data"));
        Files.writeString(dir.resolve("..data").resolve("x"), "not a credential");
        FileCredentials files = new FileCredentials();
        files.dir = Optional.of(dir.toString());

        assertThat(files.get("openai-prod").map(Secret::reveal)).hasValue("sk-from-file");
        assertThat(files.get("empty")).isEmpty();
        assertThat(files.get("../openai-prod")).as("never outside the directory").isEmpty();
        assertThat(files.names()).containsExactly("openai-prod");
    }

    @Test
    void noDirectoryMeansNoFileCredentials() {
        FileCredentials files = new FileCredentials();
        files.dir = Optional.empty();
        assertThat(files.get("openai-prod")).isEmpty();
        assertThat(files.names()).isEmpty();
    }
}
