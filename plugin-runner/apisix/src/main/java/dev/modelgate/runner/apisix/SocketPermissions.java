package dev.modelgate.runner.apisix;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The runner core makes its socket world-writable ({@code chmod 777}). Whoever can write to the socket can
 * have decisions signed for any consumer, so this narrows it to the mode in {@code MODELGATE_SOCKET_MODE}
 * (default {@code rw-rw----}: the runner's user and group, which APISIX's workers must share) once the
 * core's own chmod has run.
 */
@Component
public class SocketPermissions {

    private static final System.Logger LOG = System.getLogger(SocketPermissions.class.getName());
    private static final Set<PosixFilePermission> WIDE = PosixFilePermissions.fromString("rwxrwxrwx");

    private final String socketFile;
    private final Set<PosixFilePermission> mode;

    public SocketPermissions(@Value("${socket.file}") String socketFile, RunnerSettings settings) {
        this.socketFile = socketFile.startsWith("unix:") ? socketFile.substring("unix:".length()) : socketFile;
        this.mode = PosixFilePermissions.fromString(settings.socketMode());
    }

    @EventListener(ApplicationStartedEvent.class)
    public void tighten() {
        Thread t = new Thread(this::waitAndTighten, "modelgate-socket-mode");
        t.setDaemon(true);
        t.start();
    }

    private void waitAndTighten() {
        Path socket = Path.of(socketFile);
        for (int i = 0; i < 200; i++) {
            try {
                if (Files.exists(socket) && Files.getPosixFilePermissions(socket).equals(WIDE)) {
                    Files.setPosixFilePermissions(socket, mode);
                    LOG.log(System.Logger.Level.INFO, "socket " + socket + " set to " + PosixFilePermissions.toString(mode));
                    return;
                }
                Thread.sleep(50);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot set the socket's mode: " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "socket " + socket + " kept its mode: the core's chmod was not seen within 10 s");
    }
}
