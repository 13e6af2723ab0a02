/**
 * The worker client that {@code pouw worker} runs (ARCHITECTURE.md §2, §5, §6): it signs in with its did:key,
 * claims proof jobs under leases, keeps each lease alive while the work runs, submits the proof and reports what
 * it is doing.
 *
 * <p>Entry point: {@link org.pouw.worker.Worker}, configured by {@link org.pouw.worker.WorkerOptions}, shown by a
 * {@link org.pouw.worker.WorkerDisplay}. {@link org.pouw.worker.NodeClient} speaks to the node
 * in the worker's types, over the typed API client of {@code pouw-client}, which does all the HTTP.
 */
package org.pouw.worker;
