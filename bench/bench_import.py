"""Time ``import metasome`` (and the first science import) against ``import pyrolite``.

Each import runs in a fresh interpreter, best of 5; pyrolite is measured when installed
(``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time


def import_time(statement: str, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    baseline = import_time("pass")
    rows = [("python -c pass (baseline)", baseline)]
    rows.append(("import metasome", import_time("import metasome")))
    rows.append(("import metasome.trace", import_time("import metasome.trace")))
    if importlib.util.find_spec("pyrolite") is not None:
        rows.append(("import pyrolite", import_time("import pyrolite")))
    print(f"{'statement':32s} {'wall s':>8s} {'minus baseline s':>17s}")
    for name, t in rows:
        print(f"{name:32s} {t:8.3f} {t - baseline:17.3f}")
    names = dict(rows)
    if "import pyrolite" in names:
        ratio = (names["import pyrolite"] - baseline) / max(names["import metasome"] - baseline, 1e-4)
        print(f"pyrolite / metasome import time (net of interpreter start): {ratio:.1f}x")


if __name__ == "__main__":
    main()
