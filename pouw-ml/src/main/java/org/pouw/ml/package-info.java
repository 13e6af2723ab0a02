/**
 * Verifiable machine-learning training as useful work (issue 4; the design, protocol and security argument are in
 * docs/ml.md).
 *
 * <ul>
 *   <li>{@link org.pouw.ml.task} — the training task a client pays for, and its id;</li>
 *   <li>{@link org.pouw.ml.data} — datasets (IDX/MNIST, CIFAR-10 binary, CSV) named by Merkle root, and the
 *       seeded batch schedule;</li>
 *   <li>{@link org.pouw.ml.model}, {@link org.pouw.ml.train}, {@link org.pouw.ml.tensor} — the deterministic
 *       engine: bit-identical on any JVM, CPU and thread count;</li>
 *   <li>{@link org.pouw.ml.audit} — commit → challenge → open → verdict, detection probabilities, step lottery;</li>
 *   <li>{@link org.pouw.ml.federated} — federated rounds with robust aggregation;</li>
 *   <li>{@link org.pouw.ml.wire}, {@link org.pouw.ml.hash} — canonical encodings and the lane-parallel BLAKE3
 *       used for state hashes.</li>
 * </ul>
 */
package org.pouw.ml;
