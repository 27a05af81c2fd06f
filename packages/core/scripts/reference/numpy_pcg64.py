"""NumPy's default_rng draws for src/stats/random/__tests__ (the PCG64 port).

    /usr/bin/python3 scripts/reference/numpy_pcg64.py

Writes src/stats/random/__tests__/reference/numpy_pcg64.json: for several seeds, the raw 64-bit
outputs, `integers(0, high, dtype=int64)` for several highs (the 32-bit Lemire path, including
2**32 where NumPy takes next_uint32 directly), `choice(n, size=(r, c), replace=True)` as sacrebleu
calls it, and `integers(2, size=(r, c), dtype=bool)` as sacrebleu's approximate randomization
does, drawn one after another from one generator (so the buffered 32-bit half carries over).
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "random", "__tests__",
                   "reference", "numpy_pcg64.json")
cases = []
for seed in [0, 1, 42, 12345, 2**32 - 1, 2**40 + 7, 2**64 + 3, 2**128 + 99]:
    rng = np.random.default_rng(seed)
    raw = [str(int(v)) for v in rng.bit_generator.random_raw(6)]
    rng = np.random.default_rng(seed)
    steps = []
    for kind, arg in [("integers", (1000, 7)), ("choice", (37, 2, 3)), ("bools", (3, 45)),
                      ("integers", (4294967296, 3)), ("integers", (3000000001, 5)),
                      ("integers", (1, 4)), ("bools", (1, 1)), ("choice", (2001, 3, 50)),
                      ("integers", (7, 33))]:
        if kind == "integers":
            high, count = arg
            values = rng.integers(0, high, size=count, dtype=np.int64).tolist()
        elif kind == "choice":
            n, r, c = arg
            values = rng.choice(n, size=(r, c), replace=True).ravel().tolist()
        else:
            r, c = arg
            values = rng.integers(2, size=(r, c), dtype=bool).astype(int).ravel().tolist()
        steps.append({"kind": kind, "arg": list(arg), "values": values})
    cases.append({"seed": str(seed), "raw": raw, "steps": steps})
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump({"generator": "scripts/reference/numpy_pcg64.py", "numpy": np.__version__,
               "cases": cases}, fh, separators=(",", ":"))
    fh.write("\n")
print(OUT, len(cases))
