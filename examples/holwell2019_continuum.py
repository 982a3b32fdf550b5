"""Reproduce the Holwell et al. (2019) trans-lithospheric chalcophile sequence.

Usage: python examples/holwell2019_continuum.py [out_dir] [chalcophile_table.csv]
"""

import sys

import pandas as pd

from metasome.sulfide import reproduce_holwell

out_dir = sys.argv[1] if len(sys.argv) > 1 else "holwell2019_out"
data = pd.read_csv(sys.argv[2], comment="#") if len(sys.argv) > 2 else None
res = reproduce_holwell(out_dir=out_dir, data=data)
pd.set_option("display.width", 160)
print(res["normalised"].round(3).to_string())
print(res["bands"].to_string(float_format="{:.3g}".format))
print("notes:", *res["notes"], sep="\n  ")
print("files:", *map(str, res["files"]), sep="\n  ")
