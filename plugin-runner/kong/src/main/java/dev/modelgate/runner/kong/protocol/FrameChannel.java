package dev.modelgate.runner.kong.protocol;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;

/**
 * Kong's ProtoBuf:1 framing on one connection: a uint32 little-endian length, then that many bytes; an
 * empty frame is valid. Reads go through one buffer, so a small RpcCall or PDK reply costs one system
 * call; writes gather every frame of a turn (a PDK method name and its argument) into one.
 */
public final class FrameChannel implements Closeable {

    /** Larger frames are refused: nothing Modelgate asks for is that big, and memory is shared by all connections. */
    public static final int MAX_FRAME = 16 << 20;

    private final SocketChannel channel;
    private int unreadReplies;
    private final ByteBuffer in = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN).flip();

    public FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * The next frame.
     *
     * @return the frame's bytes, or null when the peer closed the connection between frames
     * @throws FrameException on a frame over {@link #MAX_FRAME}
     * @throws EOFException   when the connection ends inside a frame
     */
    public byte[] read() throws IOException {
        while (unreadReplies > 0) {
            unreadReplies--;
            if (readFrame() == null) {
                return null;
            }
        }
        return readFrame();
    }

    /**
     * Replies still to come for calls sent without waiting (their answers carry nothing); {@link #read()}
     * skips them. Kong answers calls in order, so they arrive before anything Kong sends later.
     */
    public void skipReplies(int count) {
        unreadReplies += count;
    }

    private byte[] readFrame() throws IOException {
        if (!fill(4, true)) {
            return null;
        }
        long length = Integer.toUnsignedLong(in.getInt());
        if (length > MAX_FRAME) {
            throw new FrameException("a frame of " + length + " bytes is over the " + MAX_FRAME + "-byte limit");
        }
        byte[] frame = new byte[(int) length];
        int have = Math.min(in.remaining(), frame.length);
        in.get(frame, 0, have);
        if (have < frame.length) {
            // Large frames (request bodies) go straight into their array instead of through the buffer.
            ByteBuffer rest = ByteBuffer.wrap(frame, have, frame.length - have);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new EOFException("the connection ended inside a frame");
                }
            }
        }
        return frame;
    }

    /** Writes the frames in one go, each with its length. */
    public void write(byte[]... frames) throws IOException {
        int size = 0;
        for (byte[] f : frames) {
            size += 4 + f.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] f : frames) {
            out.putInt(f.length).put(f);
        }
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private boolean fill(int needed, boolean endAllowed) throws IOException {
        if (in.remaining() >= needed) {
            return true;
        }
        in.compact();
        try {
            while (in.position() < needed) {
                if (channel.read(in) < 0) {
                    if (endAllowed && in.position() == 0) {
                        return false;
                    }
                    throw new EOFException("the connection ended inside a frame");
                }
            }
        } finally {
            in.flip();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
