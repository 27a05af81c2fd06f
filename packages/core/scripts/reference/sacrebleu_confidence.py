"""sacrebleu's single-system bootstrap intervals for src/evaluate/__tests__/reference/text_confidence.json.

    /usr/bin/python3 -m venv --system-site-packages /tmp/venv-ref
    /tmp/venv-ref/bin/pip install sacrebleu          # 2.6.0 (the local index)
    /tmp/venv-ref/bin/python scripts/reference/sacrebleu_confidence.py

Each case runs `BLEU/CHRF/TER().corpus_score(hyps, refs, n_bootstrap=N)` (what
`sacrebleu --confidence --confidence-n N` runs) with SACREBLEU_SEED set, and records the score,
the bootstrap mean (`_mean`), the ± half-width (`_ci`) and the signature.

ROUGE: rouge-score is not on the local index. Its per-pair F-measures here come from a
transcription of rouge_score 0.1.2's default tokenizer (lowercase, runs outside [a-z0-9] are
spaces), `_score_ngrams` and `_score_lcs`, with `score_multi`'s best-F reference; the interval is
sacrebleu's procedure on their mean (the same `default_rng(seed).choice` draws and
`estimate_ci`), which is what the core applies to ROUGE. The corpora use ASCII words only, where
that tokenizer is the reference's.
"""
import collections
import json
import os
import random
import re

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import estimate_ci

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "evaluate", "__tests__",
                   "reference", "text_confidence.json")
WORDS = ("the a cat dog sat on mat and ran away quickly slowly house big small red blue green "
         "tree under over it is was were they we you I see saw bird fish water river , . ! ?").split()


def corpus(rnd, n, nrefs):
    refs, hyps = [], []
    for _ in range(n):
        ref = [rnd.choice(WORDS) for _ in range(rnd.randint(3, 16))]
        seg = [" ".join(ref)]
        for _ in range(nrefs - 1):
            seg.append(" ".join(w if rnd.random() < 0.75 else rnd.choice(WORDS) for w in ref))
        out = []
        for w in ref:
            r = rnd.random()
            if r < 0.7:
                out.append(w)
            elif r < 0.85:
                out.append(rnd.choice(WORDS))
            if rnd.random() < 0.05:
                out.append(rnd.choice(WORDS))
        refs.append(seg)
        hyps.append(" ".join(out))
    return hyps, refs


def tokens(text):
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def ngrams(toks, n):
    return collections.Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def fmeasure(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_ngrams(ref, hyp):
    overlap = sum(min(c, hyp[g]) for g, c in ref.items())
    p = overlap / max(sum(hyp.values()), 1)
    r = overlap / max(sum(ref.values()), 1)
    return fmeasure(p, r)


def lcs(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t[-1][-1]


def rouge_f(rtype, ref, hyp):
    rt, ht = tokens(ref), tokens(hyp)
    if rtype == "rougeL":
        if not rt or not ht:
            return 0.0
        l = lcs(rt, ht)
        return fmeasure(l / len(ht), l / len(rt))
    n = int(rtype[5:])
    return score_ngrams(ngrams(rt, n), ngrams(ht, n))


def case(name, n, nrefs, seed, n_bootstrap, data_seed):
    hyps, refs = corpus(random.Random(data_seed), n, nrefs)
    os.environ["SACREBLEU_SEED"] = str(seed)
    streams = [[r[j] for r in refs] for j in range(nrefs)]
    metrics = {}
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        s = metric.corpus_score(hyps, streams, n_bootstrap=n_bootstrap)
        metrics[key] = {"score": s.score, "mean": float(s._mean), "ci": float(s._ci),
                        "signature": metric.get_signature().format()}
    rng = np.random.default_rng(seed)
    idxs = rng.choice(n, size=(n_bootstrap, n), replace=True)
    for rtype in ("rouge1", "rouge2", "rougeL"):
        f = np.array([max(rouge_f(rtype, r, h) for r in rs) for h, rs in zip(hyps, refs)])
        mean, ci = estimate_ci(np.array([f[i].mean() for i in idxs]))
        metrics[rtype] = {"score": float(f.mean()), "mean": float(mean), "ci": float(ci)}
    return {"name": name, "seed": seed, "nResamples": n_bootstrap, "hypotheses": hyps,
            "references": refs, "metrics": metrics}


cases = [
    case("one reference, 40 segments, default seed", 40, 1, 12345, 1000, 1),
    case("two references, 25 segments, seed 7, 200 resamples", 25, 2, 7, 200, 2),
]
with open(OUT, "w") as fh:
    json.dump({"reference": "sacrebleu 2.6.0 corpus_score(n_bootstrap); numpy "
               + np.__version__, "cases": cases}, fh, indent=1, ensure_ascii=False)
    fh.write("\n")
