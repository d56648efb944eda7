package dev.modelgate.runner.kong.server;

import dev.modelgate.runner.kong.plugin.ModelgateAccess;
import dev.modelgate.runner.kong.plugin.PluginDescription;
import dev.modelgate.runner.kong.protocol.FrameChannel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Unix socket Kong connects to. A thread per connection with blocking I/O: Kong keeps a small pool of
 * connections per worker and sends one call at a time on each, so this gives the lowest latency with no
 * event loop to reason about; a stuck connection holds only its own thread.
 */
public final class PluginServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PluginServer.class.getName());

    private final Path socket;
    private final ServerSocketChannel server;
    private final Instances instances = new Instances();
    private final PluginDescription plugin;
    private final ModelgateAccess access;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Thread acceptor;

    /**
     * Binds the socket (replacing a stale one left by a dead process, refusing one a live server holds) and
     * starts accepting.
     *
     * @param mode the socket file's permissions: Kong's workers must be able to write to it, nobody else should
     */
    public PluginServer(Path socket, Set<PosixFilePermission> mode, PluginDescription plugin, ModelgateAccess access) throws IOException {
        this.socket = socket;
        this.plugin = plugin;
        this.access = access;
        removeStaleSocket(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        // Bound under a private name, given its mode, then moved into place: the socket appears at its path with
        // its final permissions, never for a moment with the umask's (a client that connects in that window, or a
        // check that looks, would otherwise find it open to everyone).
        Path binding = socket.resolveSibling("." + socket.getFileName() + "." + ProcessHandle.current().pid() + ".binding");
        Files.deleteIfExists(binding);
        server.bind(UnixDomainSocketAddress.of(binding), 256);
        Files.setPosixFilePermissions(binding, mode);
        Files.move(binding, socket, StandardCopyOption.ATOMIC_MOVE);
        this.acceptor = new Thread(this::acceptLoop, "modelgate-kong-accept");
        acceptor.start();
        LOG.log(System.Logger.Level.INFO, "Modelgate plugin server for Kong listening on " + socket);
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                open.add(channel);
                Connection connection = new Connection(new FrameChannel(channel), instances, plugin, access);
                Thread t = new Thread(() -> {
                    try {
                        connection.run();
                    } finally {
                        open.remove(channel);
                    }
                }, "modelgate-kong-" + connectionIds.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accepting a Kong connection failed: " + e.getMessage());
            }
        }
    }

    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        if (accepting(socket)) {
            throw new IOException("another process is serving " + socket + "; stop it first");
        }
        Files.delete(socket);
    }

    private static boolean accepting(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the socket: " + e);
        }
        for (SocketChannel channel : open) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a connection: " + e);
            }
        }
        try {
            acceptor.join(2000);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "removing the socket file: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
