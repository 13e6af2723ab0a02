#!/usr/bin/env python3
"""Independent reference for this chain's ASERT vectors (docs/chain.md section 6).

Written apart from the Java code it checks: Python integers, the aserti3-2d formula with truncating division.
It passes the published aserti3-2d vectors (run with --check-published DIR) and writes this chain's runs:
    python3 generate.py > /dev/null   # rewrites chainNN files beside this script
"""
import math
import os
import sys

SPACING = 60          # seconds between blocks
HALF_LIFE = 3600      # seconds
MAX_BITS = 0x2100ffff


def bits_to_target(bits):
    size, mantissa = bits >> 24, bits & 0x7fffff
    return mantissa >> (8 * (3 - size)) if size <= 3 else mantissa << (8 * (size - 3))


def target_to_bits(target):
    size = (target.bit_length() + 7) // 8
    mantissa = target << (8 * (3 - size)) if size <= 3 else target >> (8 * (size - 3))
    if mantissa & 0x800000:
        mantissa >>= 8
        size += 1
    return mantissa | (size << 24)


def truncating_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def next_bits(anchor_height, anchor_parent_time, anchor_bits, height, time, spacing, half_life, max_bits):
    exponent = truncating_div((time - anchor_parent_time - spacing * (height - anchor_height + 1)) * 65536, half_life)
    shifts = exponent >> 16
    frac = exponent - shifts * 65536
    factor = ((195766423245049 * frac + 971821376 * frac ** 2 + 5127 * frac ** 3 + 2 ** 47) >> 48) + 65536
    target = bits_to_target(anchor_bits) * factor
    target = target >> -shifts if shifts < 0 else target << shifts
    target >>= 16
    if target == 0:
        return target_to_bits(1)
    if target > bits_to_target(max_bits):
        return max_bits
    return target_to_bits(target)


def check_published(folder):
    bad = 0
    for name in sorted(os.listdir(folder)):
        header = {}
        for line in open(os.path.join(folder, name)):
            if line.startswith('##') and ':' in line:
                key, value = line[2:].split(':', 1)
                header[key.strip()] = value.strip()
            elif line.strip() and not line.startswith('#'):
                _, height, time, bits = line.split()
                parent = header.get('anchor ancestor time', header.get('anchor parent time'))
                got = next_bits(int(header['anchor height']), int(parent), int(header['anchor nBits'], 16),
                                int(height), int(time), 600, 172800, 0x1d00ffff)
                bad += got != int(bits, 16)
    print('published vectors: %d mismatches' % bad)
    return bad


def lcg(seed):
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        yield state >> 11


def write_run(path, description, anchor_bits, solve_times):
    anchor_height, anchor_parent_time = 0, -SPACING
    lines = ['## description: ' + description,
             '##   anchor height: %d' % anchor_height,
             '##   anchor parent time: %d' % anchor_parent_time,
             '##   anchor nBits: 0x%08x' % anchor_bits,
             '##   spacing: %d' % SPACING,
             '##   half-life: %d' % HALF_LIFE,
             '##   max nBits: 0x%08x' % MAX_BITS,
             '# iteration,height,time,target']
    time = 0
    for i, solve in enumerate(solve_times, start=1):
        time += solve
        bits = next_bits(anchor_height, anchor_parent_time, anchor_bits, i, time, SPACING, HALF_LIFE, MAX_BITS)
        lines.append('%d %d %d 0x%08x' % (i, i, time, bits))
    with open(path, 'w') as out:
        out.write('\n'.join(lines) + '\n')


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--check-published':
        sys.exit(1 if check_published(sys.argv[2]) else 0)
    here = os.path.dirname(os.path.abspath(__file__))
    start = 0x1f0fffff
    rng = lcg(2026)
    exponential = []
    for _ in range(1000):
        # exponential solve times with mean SPACING; the floats only make the inputs, which the file then pins
        u = next(rng) / 2 ** 53
        exponential.append(max(1, int(-SPACING * math.log(1 - u))))
    write_run(os.path.join(here, 'chain01'), 'steady 60 s blocks', start, [SPACING] * 200)
    write_run(os.path.join(here, 'chain02'), 'compute doubles: 30 s blocks', start, [30] * 500)
    write_run(os.path.join(here, 'chain03'), 'compute halves: 120 s blocks', start, [120] * 500)
    write_run(os.path.join(here, 'chain04'), 'random solve times, mean 60 s', start, exponential)
    write_run(os.path.join(here, 'chain05'), 'each block 1 s before its parent', start, [-1] * 300)
    write_run(os.path.join(here, 'chain06'), 'from the easiest target, 10x compute: 6 s blocks', MAX_BITS, [6] * 500)


if __name__ == '__main__':
    main()
