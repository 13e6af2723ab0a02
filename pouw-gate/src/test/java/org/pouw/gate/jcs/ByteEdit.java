package org.pouw.gate.jcs;

/**
 * One edit of a byte string for the fuzz properties: {@code kind} 0 overwrites, 1 inserts, anything else deletes one
 * byte, at a position taken modulo the length. An empty input becomes the one byte {@code value}.
 */
public record ByteEdit(int kind, int position, byte value) {
    public byte[] apply(byte[] in) {
        if (in.length == 0) {
            return new byte[] {value};
        }
        int at = Math.floorMod(position, in.length);
        return switch (kind) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] = value;
                yield out;
            }
            case 1 -> {
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = value;
                System.arraycopy(in, at, out, at + 1, in.length - at);
                yield out;
            }
            default -> {
                byte[] out = new byte[in.length - 1];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                yield out;
            }
        };
    }
}
