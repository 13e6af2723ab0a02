/**
 * The typed Java client of a PoUW node's HTTP API v1 (docs/api.md, ARCHITECTURE.md §5), for the {@code pouw}
 * command, the worker, the benchmarks and integrators.
 *
 * <p>Entry point: {@link org.pouw.client.PouwClient}, one object per API area ({@code auth()}, {@code intents()},
 * {@code jobs()}, {@code ledger()}, {@code ml()}, {@code system()}, {@code events()}, {@code chain()}). The records for the API's
 * JSON live in the sub-packages by feature: {@code jobs}, {@code intents}, {@code ledger}, {@code ml},
 * {@code system}, {@code events}, {@code chain}. Errors are {@link org.pouw.client.NodeException}s; all HTTP is in
 * {@code NodeConnection} and, for the long-lived event stream, {@link org.pouw.client.EventFollower}.
 */
package org.pouw.client;
