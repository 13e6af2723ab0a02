package org.pouw.client.intents;

/** An intent a client posts: a program or a hash chain; {@code IntentsApi.submitAll} posts several in one call. */
public sealed interface IntentToPost permits ProgramIntent, HashChainIntent {
}
