#!/usr/bin/env python3
"""Second implementation of the audit challenge draw (docs/chain.md §5.2, §9), on golden_formats.py's own BLAKE3 and
HashStream: rebuilds SegmentChallengeTest's golden seed and windows from scratch and compares.

    python3 scripts/chain/audit_challenge.py      # prints "audit challenge agrees" or exits 1
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_formats as g  # noqa: E402

EXPECTED_SEED = "962fe15be61d0cdfd2e1e984e7016d8fb25b4d4118473c785788bd87e53a6d67"
EXPECTED_WINDOWS = [(0, 1), (12, 4), (40, 4), (120, 4), (140, 4), (161, 4), (210, 4), (236, 4), (430, 4), (498, 1)]


def seed(chain_id, block_hash, ticket):
    return g.blake3(b"pouw-chain-audit-v1", chain_id, block_hash, ticket)


def windows(challenge_seed, length, count, width):
    """k_w windows uniform among the leaves before the winner, plus the first leaf and the one before the winner,
    sorted and merged where they overlap."""
    if length == 1:
        return []
    audited = length - 1
    w = min(width, audited)
    stream = g.HashStream(challenge_seed)
    drawn = [(stream.below(audited - w + 1), w) for _ in range(count)] + [(0, 1), (audited - 1, 1)]
    drawn.sort()
    merged = []
    for start, wide in drawn:
        if merged and start < merged[-1][0] + merged[-1][1]:
            first, span = merged[-1]
            merged[-1] = (first, max(first + span, start + wide) - first)
        else:
            merged.append((start, wide))
    return merged


def main():
    g.self_test()
    s = seed(bytes([0xc1]) * 32, bytes([0x55]) * 32,
             bytes.fromhex("78e6fd3d6e6fe0ae66f16281b4f6e76731f327b0e3faf42ea70d77ac9e55f912"))
    got = windows(s, 500, 8, 4)
    if s.hex() != EXPECTED_SEED or got != EXPECTED_WINDOWS:
        print("audit challenge differs: seed %s windows %s" % (s.hex(), got))
        sys.exit(1)
    print("audit challenge agrees")


if __name__ == "__main__":
    main()
