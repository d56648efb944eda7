package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

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
    void aRemountedFileIsReadOnceTheIntervalHasPassedAndNotOnEveryLookup(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("openai-prod"), "sk-before");
        AtomicLong clock = new AtomicLong(1_000);
        FileCredentials files = new FileCredentials();
        files.dir = Optional.of(dir.toString());
        files.refreshSeconds = 5;
        files.nanoClock = clock::get;

        assertThat(files.get("openai-prod").map(Secret::reveal)).hasValue("sk-before");
        Files.writeString(dir.resolve("openai-prod"), "sk-after");
        Files.writeString(dir.resolve("anthropic-prod"), "sk-new");
        clock.addAndGet(4_999_999_999L);
        assertThat(files.get("openai-prod").map(Secret::reveal)).as("within the interval the last read stands").hasValue("sk-before");
        clock.addAndGet(1);
        assertThat(files.get("openai-prod").map(Secret::reveal)).hasValue("sk-after");
        assertThat(files.get("anthropic-prod").map(Secret::reveal)).as("a name not read before is read at once").hasValue("sk-new");

        Files.delete(dir.resolve("openai-prod"));
        clock.addAndGet(5_000_000_000L);
        assertThat(files.get("openai-prod")).as("a removed file stops the credential").isEmpty();
    }

    @Test
    void noDirectoryMeansNoFileCredentials() {
        FileCredentials files = new FileCredentials();
        files.dir = Optional.empty();
        assertThat(files.get("openai-prod")).isEmpty();
        assertThat(files.names()).isEmpty();
    }
}
