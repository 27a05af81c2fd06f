"""GrowthBook's assignment in Python, for bench/abtest.bench.mjs: the algorithm of GrowthBook's SDKs
(packages/sdk-js/src/util.ts `hash` v2, `getBucketRanges`, `chooseVariation`; the Python SDK hashes
the same way) over the ids `<prefix><i>`, i < count, timed in one process (CPython, one core).

Usage: /usr/bin/python3 abtest_growthbook_hash.py <count> <prefix> <salt> <w0,w1,...>
Prints JSON: {"seconds", "perSecond", "counts": assignments per variant, "checksum": Σ bucket·10⁴}.
"""
import json
import sys
import time


def fnv1a32(s):
    h = 0x811C9DC5
    for ch in s:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def hash_v2(seed, value):
    return (fnv1a32(str(fnv1a32(seed + value))) % 10000) / 10000


def bucket_ranges(weights, coverage=1.0):
    cumulative, ranges = 0.0, []
    for w in weights:
        start = cumulative
        cumulative += w
        ranges.append((start, start + coverage * w))
    return ranges


def choose(n, ranges):
    for i, (lo, hi) in enumerate(ranges):
        if lo <= n < hi:
            return i
    return -1


count, prefix, salt = int(sys.argv[1]), sys.argv[2], sys.argv[3]
weights = [float(w) for w in sys.argv[4].split(",")]
ids = [f"{prefix}{i}" for i in range(count)]
ranges = bucket_ranges(weights)
counts = [0] * len(weights)
outside = 0
checksum = 0
t0 = time.perf_counter()
for uid in ids:
    n = hash_v2(salt, uid)
    v = choose(n, ranges)
    if v < 0:
        outside += 1
    else:
        counts[v] += 1
    checksum += round(n * 10000)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "perSecond": count / seconds, "counts": counts, "outside": outside, "checksum": checksum}))
