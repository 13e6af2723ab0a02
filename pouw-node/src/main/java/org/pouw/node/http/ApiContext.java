package org.pouw.node.http;

import org.pouw.node.auth.Tokens;

/** What every endpoint may need from the node besides its own service. */
public record ApiContext(Tokens tokens, String adminDid, int maxBodyBytes, int maxUploadBytes) {
}
