/**
 * The one worker loop (ARCHITECTURE.md §2, §3, §6): sign in as a did:key, claim proof jobs under leases, keep each
 * lease alive while the work runs, submit the proof and report what it is doing. {@code pouw worker} runs it over
 * HTTP; the node runs the same loop over its own market in process, for its local pool and for inline proving.
 *
 * <p>Entry point: {@link org.pouw.worker.Worker}, configured by {@link org.pouw.worker.WorkerOptions} (or
 * {@link org.pouw.worker.LoopSettings} with a market of the caller's choosing), shown by a
 * {@link org.pouw.worker.WorkerDisplay}. The market is the port {@link org.pouw.worker.MarketAccess}; its HTTP
 * adapter is {@link org.pouw.worker.HttpMarket}, over the typed API client of {@code pouw-client}, which does all
 * the HTTP.
 */
package org.pouw.worker;
