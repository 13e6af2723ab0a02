package org.pouw.core.work;

/** Fetches a blob by key for a kind: from the node's store when verifying, over HTTP when proving. */
@FunctionalInterface
public interface BlobSource {
    /** The blob's bytes; throws {@link WorkFailedException} when there is no such blob or it fails its hash. */
    byte[] fetch(String key);
}
