package org.pouw.stark.protocol;

import org.pouw.stark.proof.ProofOptions;

/**
 * How FRI runs for a given trace length and options: the DEEP composition polynomial has degree below n (the trace
 * length) on a domain of N = n·b points; each layer folds by f, committing the layer first, until the degree bound
 * n/f^L is at most the options' remainder length, and the remainder polynomial is then sent as its n/f^L
 * coefficients (so its degree bound is enforced by its encoding).
 *
 * @param domainSize      N, the size of layer 0's domain
 * @param layerCount      L, the number of committed layers
 * @param remainderLength n/f^L, the number of remainder coefficients
 */
public record FriSchedule(int foldingFactor, int domainSize, int layerCount, int remainderLength) {
    public static FriSchedule of(int traceLength, ProofOptions options) {
        int f = options.foldingFactor();
        int degreeBound = traceLength;
        int layers = 0;
        while (degreeBound > options.remainderMaxLength()) {
            degreeBound /= f;
            layers++;
        }
        return new FriSchedule(f, traceLength * options.blowup(), layers, degreeBound);
    }

    /** The domain size of layer i (i = layerCount is the remainder's domain). */
    public int layerDomainSize(int layer) {
        return domainSize >>> (layer * Integer.numberOfTrailingZeros(foldingFactor));
    }

    /** The coset offset of layer i's domain: g^(f^i). */
    public long layerOffset(int layer) {
        long offset = Domains.OFFSET;
        for (int i = 0; i < layer; i++) {
            offset = org.pouw.crypto.Goldilocks.pow(offset, foldingFactor);
        }
        return offset;
    }
}
