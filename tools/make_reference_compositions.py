"""Transcribe the shared published reference CSVs (../shared/data/reference) into metasome's packaged format.

Run from anywhere: ``python tools/make_reference_compositions.py``; rewrites src/metasome/reference/data/compositions/*.csv.
"""
import csv, io, re
from metasome.names import kind_of
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "reference"
OUT = ROOT / "src" / "metasome" / "reference" / "data" / "compositions"
OUT.mkdir(parents=True, exist_ok=True)
COLS = ["quantity", "value", "unit", "uncertainty", "uncertainty_kind", "citation"]
FE_TOTAL = {"FeO": "FeOt"}  # compilations giving total Fe as FeO


def read_pyrolite(path_or_text):
    text = Path(path_or_text).read_text() if isinstance(path_or_text, Path) else path_or_text
    lines = [l for l in text.splitlines() if not l.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    meta = {"ModelName", "Reservoir", "ModelType", "Reference", "Citation", "DOI", "Description"}
    return [r for r in rows if r["var"] not in meta and r["value"] not in ("", None)]


def write(name, rows):
    with open(OUT / f"{name}.csv", "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLS)
        for r in rows:
            w.writerow([r[c] for c in COLS])


def row(q, v, unit, unc="", kind="", cite=""):
    return dict(quantity=q, value=v, unit=unit, uncertainty=unc, uncertainty_kind=kind, citation=cite)


# --- Sun & McDonough 1989: PM, CI, NMORB, EMORB, OIB (ppm, no uncertainty published in the table)
for src, name in [("PM", "PM_SunMcDonough1989"), ("CH", "CI_SunMcDonough1989"),
                  ("NMORB", "NMORB_SunMcDonough1989"), ("EMORB", "EMORB_SunMcDonough1989"),
                  ("OIB", "OIB_SunMcDonough1989")]:
    rows = read_pyrolite(SHARED / f"refcomp_{src}_SunMcDonough1989.csv")
    write(name, [row(r["var"], r["value"], r["units"], cite="Sun & McDonough 1989 Table 1") for r in rows])


# --- McDonough & Sun 1995: '30%' or '10' = relative %, 'F2' = factor of 2
def ms95_unc(s):
    s = s.strip()
    if not s:
        return "", ""
    m = re.fullmatch(r"F(\d+(?:\.\d+)?)", s)
    if m:
        return m.group(1), "factor"
    return s.rstrip("%"), "rsd%"

SKIP_CI_MS95 = {"P", "N"}  # transcription gives P 1.08 ppm and N 3.18 ppm, 1000x below any CI estimate
for src, name, table in [("PY", "PM_McDonoughSun1995", "McDonough & Sun 1995 Table 5"),
                         ("CH", "CI_McDonoughSun1995", "McDonough & Sun 1995 Table 1")]:
    rows = read_pyrolite(SHARED / f"refcomp_{src}_McDonoughSun1995.csv")
    out = []
    for r in rows:
        if src == "CH" and r["var"] in SKIP_CI_MS95:
            continue
        u, k = ms95_unc(r["constraint_comment"])
        out.append(row(r["var"], r["value"], r["units"], u, k, table.split(" Table")[0]))
    write(name, out)

# --- Palme & O'Neill 2014: relative uncertainty (%) = half of pyrolite's unc_2sigma column
chalco = {r["element"]: r for r in csv.DictReader(io.StringIO("\n".join(
    l for l in (SHARED / "pm_chalcophile_normalisation.csv").read_text().splitlines() if not l.startswith("#"))))}
out = []
for r in read_pyrolite(SHARED / "refcomp_PM_PalmeONeill2014.csv"):
    v, unc = float(r["value"]), r["unc_2sigma"]
    rsd = ""
    if unc:
        rsd = f"{round(float(unc) / v / 2 * 100, 6):g}"
    if r["var"] in chalco:
        c = chalco[r["var"]]
        assert (c["PalmeONeill2014_rsd_pct"] or "") == rsd, (r["var"], rsd, c)
        factor = {"%": 1e4, "ppm": 1.0}[r["units"]]
        assert abs(v * factor - float(c["PalmeONeill2014_ppm"])) < 1e-9 * max(1, v * factor), r["var"]
    out.append(row(r["var"], r["value"], r["units"], rsd, "rsd%" if rsd else "", "Palme & O'Neill 2014"))
write("PM_PalmeONeill2014", out)

# --- Rudnick & Gao 2003 UCC, Workman & Hart 2005 DMM (pyrolite repo files, fetched with the search tool)
for name, fname, cite in [("UCC_RudnickGao2003", "UCC_RudnickGao2003.csv", "Rudnick & Gao 2003 Table 3"),
                          ("DMM_WorkmanHart2005", "DMM_WorkmanHart2005.csv", "Workman & Hart 2005 Table 5")]:
    out = []
    for r in read_pyrolite(Path("/tmp/refgen") / fname):
        q = r["var"]
        if "/" in q and q not in ("87Sr/86Sr", "143Nd/144Nd", "176Hf/177Hf", "206Pb/204Pb", "207Pb/204Pb"):
            continue  # element ratios (Rb/Sr ...) are derived, not compositions
        unit = r["units"]
        if name.startswith("DMM"):
            unit = {"oxide": "wt%", "element": "ppm", "ratio": "ratio"}[kind_of(q)]
        if name.startswith("UCC") and unit == "%":
            unit = "wt%"
        q = FE_TOTAL.get(q, q)
        out.append(row(q, r["value"], unit, r.get("unc_2sigma", ""), "2sigma" if r.get("unc_2sigma") else "", cite.split(" Table")[0]))
    write(name, out)

# --- Boynton 1984 chondrite REE (ppm)
boy = dict(La=.31, Ce=.808, Pr=.122, Nd=.6, Sm=.195, Eu=.0735, Gd=.259, Tb=.0474, Dy=.322, Ho=.0718,
           Er=.21, Tm=.0324, Yb=.209, Lu=.0322)
write("CH_Boynton1984", [row(k, f"{v:g}", "ppm", cite="Boynton 1984") for k, v in boy.items()])
