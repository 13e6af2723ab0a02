package org.pouw.chain.net;

/** A chain node as its peers know it: in the simulation an index, on the network (issue 20) its transport identity. */
public record PeerId(String name) {
    public PeerId {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a peer needs a name");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
