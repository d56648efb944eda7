package dev.modelgate.runner.kong.server;

import dev.modelgate.runner.kong.plugin.PluginDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kong restarts its plugin server by starting a new process: a dead one's socket is taken over, a live one's is not. */
class PluginServerSocketTest {

    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-rw----");

    @Test
    void replacesTheSocketADeadProcessLeftBehind(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("modelgate.socket");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists(); // closing a Unix server socket leaves its file, as a killed process does

        try (PluginServer server = new PluginServer(socket, MODE, PluginDescription.load(), null);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(client.isConnected()).isTrue();
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(MODE);
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void refusesASocketALiveServerHolds(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("modelgate.socket");
        try (PluginServer live = new PluginServer(socket, MODE, PluginDescription.load(), null)) {
            assertThatThrownBy(() -> new PluginServer(socket, MODE, PluginDescription.load(), null))
                    .isInstanceOf(IOException.class).hasMessageContaining("another process is serving");
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                assertThat(client.isConnected()).as("the live server still answers").isTrue();
            }
        }
    }
}
