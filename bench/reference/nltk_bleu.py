"""Reference timing for bench/metrics.bench.mjs: NLTK's corpus_bleu on the bench's sentences.

Usage: /usr/bin/python3 nltk_bleu.py DATA_DIR REPEATS

Reads hypotheses.txt and references.txt (one sentence per line, the same pairs Assay scores),
splits them on whitespace (the sentences are generated already tokenised, so 13a tokenisation
would not change them) and prints one JSON line {"seconds": [...], "cpuSeconds": [...], "value", "versions"}. Only the
corpus_bleu call is timed; reading and splitting are not. NLTK's BLEU is not sacrebleu's (0–1
scale, its own smoothing and brevity-penalty details): the comparison is of speed only.
"""
import json
import sys
import time

import nltk
from nltk.translate.bleu_score import corpus_bleu


def main():
    data_dir, repeats = sys.argv[1], int(sys.argv[2])
    with open(f"{data_dir}/hypotheses.txt", encoding="utf-8") as f:
        hypotheses = [line.split() for line in f.read().split("\n")]
    with open(f"{data_dir}/references.txt", encoding="utf-8") as f:
        references = [[line.split()] for line in f.read().split("\n")]
    corpus_bleu(references[:100], hypotheses[:100])  # warm-up
    seconds = []
    cpu_seconds = []
    value = None
    for _ in range(repeats):
        cpu = time.process_time()
        start = time.perf_counter()
        value = corpus_bleu(references, hypotheses)
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu)
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "value": float(value) * 100,
        "versions": f"NLTK {nltk.__version__}",
    }))


if __name__ == "__main__":
    main()
