"""sacrebleu's paired significance tests for src/stats/__tests__/reference/sacrebleu_paired.json.

    /usr/bin/python3 -m venv --system-site-packages /work/venv-ref
    /work/venv-ref/bin/pip install sacrebleu          # 2.6.0
    /work/venv-ref/bin/python scripts/reference/sacrebleu_paired.py

Each case runs `sacrebleu.significance.PairedTest` (what `sacrebleu --paired-bs` / `--paired-ar`
run) on a baseline and a candidate system with SACREBLEU_SEED set, and records every system's
score, p-value, mean and ci. The corpora are synthetic (seeded) and stored in the file.
"""
import json
import os
import random

import numpy as np
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "__tests__", "reference",
                   "sacrebleu_paired.json")
WORDS = ("the a cat dog sat on mat and ran away quickly slowly house big small red blue green "
         "tree under over it is was were they we you I see saw bird fish water river "
         "Über café naïve résumé , . ! ? ; : ( ) \" 's 3.5 1,000 e-mail").split()


def corpus(rnd, n, nrefs):
    refs, base, cand = [], [], []
    for _ in range(n):
        length = rnd.randint(0, 18) if rnd.random() < 0.05 else rnd.randint(3, 18)
        ref = [rnd.choice(WORDS) for _ in range(length)]
        seg_refs = [" ".join(ref)]
        for _ in range(nrefs - 1):
            alt = [w if rnd.random() < 0.8 else rnd.choice(WORDS) for w in ref]
            seg_refs.append(" ".join(alt))
        def system(p_keep):
            out = []
            for w in ref:
                r = rnd.random()
                if r < p_keep:
                    out.append(w)
                elif r < p_keep + (1 - p_keep) / 2:
                    out.append(rnd.choice(WORDS))
                if rnd.random() < 0.05:
                    out.append(rnd.choice(WORDS))
            return " ".join(out)
        refs.append(seg_refs)
        base.append(system(0.7))
        cand.append(system(0.75))
    return refs, base, cand


def run(test_type, seed, n_samples, base, cand, refs, nrefs, confidence=-1, chrf_word_order=0):
    os.environ["SACREBLEU_SEED"] = str(seed)
    metrics = {"BLEU": BLEU(), "chrF": CHRF(word_order=chrf_word_order)}
    if nrefs == 1:
        metrics["TER"] = TER()  # several references average lengths: float32 sums would round
    streams = [[r[j] for r in refs] for j in range(nrefs)]
    test = PairedTest([("baseline", base), ("candidate", cand)], metrics, streams,
                      test_type=test_type, n_samples=n_samples, n_ar_confidence=confidence)
    _, scores = test()
    out = {}
    for name, results in scores.items():
        if name == "System":
            continue
        bl, sy = results
        key = "bleu" if name.startswith("BLEU") else "chrf" if name.startswith("chrF") else "ter"
        out[key] = {
            "baseline": {"score": float(bl.score), "mean": None if bl.mean is None else float(bl.mean),
                         "ci": None if bl.ci is None else float(bl.ci)},
            "candidate": {"score": float(sy.score), "pValue": float(sy.p_value),
                          "mean": None if sy.mean is None else float(sy.mean),
                          "ci": None if sy.ci is None else float(sy.ci)},
        }
    return out


cases = []
rnd = random.Random(20261205)
for n, nrefs, test_type, seed, n_samples, confidence, wo in [
    (40, 1, "bs", 12345, 1000, -1, 0),
    (40, 1, "ar", 12345, 2000, -1, 0),
    (150, 1, "bs", 7, 500, -1, 2),
    (150, 1, "ar", 7, 1000, 300, 2),
    (300, 2, "bs", 99, 1000, -1, 0),
    (300, 2, "ar", 2**33 + 1, 1500, 200, 0),
    (12, 1, "bs", 1, 250, -1, 0),
    (12, 1, "ar", 1, 333, 100, 0),
]:
    refs, base, cand = corpus(rnd, n, nrefs)
    cases.append({"test": test_type, "seed": seed, "nSamples": n_samples,
                  "confidenceSamples": max(confidence, 0), "chrfWordOrder": wo,
                  "baseline": base, "candidate": cand, "references": refs,
                  "expected": run(test_type, seed, n_samples, base, cand, refs, nrefs, confidence, wo)})
with open(OUT, "w") as fh:
    json.dump({"generator": "scripts/reference/sacrebleu_paired.py", "sacrebleu": sacrebleu.__version__,
               "numpy": np.__version__, "cases": cases}, fh, ensure_ascii=False, separators=(",", ":"))
    fh.write("\n")
print(OUT, len(cases))
