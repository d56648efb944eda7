package dev.modelgate.runner.kong.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.modelgate.runner.kong.plugin.ModelgateAccess;
import dev.modelgate.runner.kong.plugin.PluginDescription;
import dev.modelgate.runner.kong.protocol.FrameChannel;
import dev.modelgate.runner.kong.protocol.InstanceStatus;
import dev.modelgate.runner.kong.protocol.Pdk;
import dev.modelgate.runner.kong.protocol.PluginNames;
import dev.modelgate.runner.kong.protocol.RpcCall;
import dev.modelgate.runner.kong.protocol.RpcReturn;

import java.io.IOException;
import java.util.Optional;

/**
 * One connection from Kong, served until Kong closes it. Kong pools connections and sends one RpcCall at a
 * time on each. Hanging up is Kong's signal to reset its instances and retry, so it is kept for what it
 * means (an instance this process does not know, e.g. after a restart) and for a broken protocol; a
 * failing request is answered instead, or Kong would retry it forever.
 */
final class Connection implements Runnable {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final FrameChannel channel;
    private final Instances instances;
    private final PluginDescription plugin;
    private final ModelgateAccess access;

    Connection(FrameChannel channel, Instances instances, PluginDescription plugin, ModelgateAccess access) {
        this.channel = channel;
        this.instances = instances;
        this.plugin = plugin;
        this.access = access;
    }

    @Override
    public void run() {
        try (channel) {
            while (serveOne()) {
                // next call on the same pooled connection
            }
        } catch (InvalidProtocolBufferException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a Kong connection: a frame is not an RpcCall (" + e.getMessage() + ")");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Kong connection closed: " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "closing a Kong connection after an unexpected failure", e);
        }
    }

    /** @return false when the connection is done */
    private boolean serveOne() throws IOException {
        byte[] frame = channel.read();
        if (frame == null) {
            return false;
        }
        if (frame.length == 0) {
            return true;
        }
        RpcCall call = RpcCall.parseFrom(frame);
        RpcReturn.Builder answer = RpcReturn.newBuilder().setSequence(call.getSequence());
        switch (call.getCallCase()) {
            case CMD_GET_PLUGIN_NAMES -> answer.setPluginNames(PluginNames.newBuilder().addNames(plugin.name()));
            case CMD_GET_PLUGIN_INFO -> {
                if (plugin.name().equals(call.getCmdGetPluginInfo().getName())) {
                    answer.setPluginInfo(plugin.info());
                } else {
                    LOG.log(System.Logger.Level.WARNING, "Kong asked about plugin '" + call.getCmdGetPluginInfo().getName()
                            + "'; this server only has '" + plugin.name() + "'");
                }
            }
            case CMD_START_INSTANCE -> {
                Instances.Instance started = instances.start(call.getCmdStartInstance().getName(),
                        call.getCmdStartInstance().getConfig().toByteArray());
                if (started.config().error() != null) {
                    LOG.log(System.Logger.Level.ERROR, "plugin instance " + started.id() + " has an invalid configuration and will answer 500: "
                            + started.config().error());
                }
                answer.setInstanceStatus(status(started));
            }
            case CMD_GET_INSTANCE_STATUS -> {
                Optional<Instances.Instance> found = instances.get(call.getCmdGetInstanceStatus().getInstanceId());
                if (found.isEmpty()) {
                    return unknownInstance(call.getCmdGetInstanceStatus().getInstanceId());
                }
                answer.setInstanceStatus(status(found.get()));
            }
            case CMD_CLOSE_INSTANCE -> instances.close(call.getCmdCloseInstance().getInstanceId())
                    .ifPresent(closed -> answer.setInstanceStatus(status(closed)));
            case CMD_HANDLE_EVENT -> {
                Optional<Instances.Instance> found = instances.get(call.getCmdHandleEvent().getInstanceId());
                if (found.isEmpty()) {
                    return unknownInstance(call.getCmdHandleEvent().getInstanceId());
                }
                return handleEvent(found.get(), call.getCmdHandleEvent().getEventName(), answer.build());
            }
            default -> LOG.log(System.Logger.Level.WARNING, "Kong sent an RpcCall this server does not know (sequence "
                    + call.getSequence() + "); answered with an empty return");
        }
        channel.write(answer.build().toByteArray());
        return true;
    }

    /** @return false when the event ended with kong.response.exit: Kong reads nothing more on this connection */
    private boolean handleEvent(Instances.Instance instance, String phase, RpcReturn done) throws IOException {
        Pdk pdk = new Pdk(channel);
        if ("access".equals(phase)) {
            try {
                access.handle(instance.config(), pdk);
            } catch (RuntimeException e) {
                if (pdk.exited()) {
                    throw e;
                }
                access.fail(pdk, e);
            }
        }
        if (pdk.exited()) {
            return false;
        }
        pdk.end(done.toByteArray());
        return true;
    }

    /**
     * Kong's pb_rpc handle_event resets its cached instance, sends the configuration again (cmd_start_instance)
     * and retries when the call fails with an error containing "no plugin instance" or "closed". ProtoBuf's
     * RpcReturn has no error field, so the only way to say "no plugin instance" on this protocol is to close
     * the connection: Kong's read then fails with "closed". The Go PDK's ProtoBuf server does the same.
     */
    private boolean unknownInstance(int id) {
        LOG.log(System.Logger.Level.INFO, "no plugin instance " + id + " in this process (restarted, or closed); closing the "
                + "connection so that Kong sends its configuration again");
        return false;
    }

    private static InstanceStatus status(Instances.Instance instance) {
        return InstanceStatus.newBuilder().setName(instance.plugin()).setInstanceId(instance.id())
                .setStartedAt(instance.startedAt()).build();
    }
}
