package org.pouw.node.config;

/**
 * How long and how many connections the HTTP layer gives a client (issue 18, defect 3 and the connection limits):
 * the deadlines close sockets that hold a connection without finishing a request, the caps bound how many one
 * address (and everyone) may hold. docs/operations.md describes each setting.
 *
 * @param headerTimeoutMs           the request line and headers of a connection's first request must be read this
 *                                  long after it was accepted; on a kept-alive connection, the headers this long after
 *                                  the request line
 * @param idleTimeoutMs             a kept-alive connection between requests is closed after this
 * @param bodyTimeoutMs             the longest a body read may wait for its next bytes
 * @param minBodyBytesPerSecond     after its first {@code bodyTimeoutMs}, a body must have arrived at this average
 * @param maxConnections            open connections in all; beyond, 503
 * @param maxConnectionsPerAddress  open connections from one address (an IPv4 address, an IPv6 /64); beyond, 429
 * @param maxEventStreams           open event streams in all; beyond, 503
 * @param maxEventStreamsPerAddress open event streams from one address; beyond, 429
 * @param streamWriteTimeoutMs      the longest one write to an event stream may block (its client takes nothing);
 *                                  past it the stream is closed and its slot given back
 * @param streamHeartbeatMs         a quiet event stream gets a heartbeat comment this often: it keeps proxies from
 *                                  closing the stream, and it is the write at which the node notices a client gone
 * @param drainMs                   after SIGTERM, how long the node keeps serving while {@code /readyz} says
 *                                  {@code draining}, before its server stops (0: stop at once)
 */
public record HttpLimits(long headerTimeoutMs, long idleTimeoutMs, long bodyTimeoutMs, long minBodyBytesPerSecond,
                         int maxConnections, int maxConnectionsPerAddress, int maxEventStreams,
                         int maxEventStreamsPerAddress, long streamWriteTimeoutMs, long streamHeartbeatMs,
                         long drainMs) {
}
