package org.pouw.core.port;

/**
 * Who uploaded which blob (issue 27, item 6), inside one {@link StoreTx}. Blobs are content-addressed, so two clients
 * who upload the same bytes both own them; a task may name only blobs its requester owns, or knowing a victim's
 * dataset hash would be enough to post work on it and read it back as "the identity that posted the work".
 */
public interface BlobOwners {
    /** Records {@code owner} as an owner of the blob (no-op if it already is). */
    void add(String blobKey, String owner);

    boolean owns(String blobKey, String owner);
}
