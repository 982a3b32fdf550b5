"""Reproduce Qiu et al. (2025) Fig. 4 and Fig. 6 with metasome.mixing.

Usage: python examples/qiu2025_mixing.py OUT_DIR [N_MC]
"""

import json
import sys

from metasome.mixing.seed_qiu2025 import reproduce_qiu

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "qiu2025_figures"
    n = int(float(sys.argv[2])) if len(sys.argv) > 2 else 1_000_000
    print(json.dumps(reproduce_qiu(out, n_mc=n), indent=1, default=str))
