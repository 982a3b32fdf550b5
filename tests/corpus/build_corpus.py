"""Write the awkward-file corpus (run once; the files are committed beside this script).

Each file imitates one real-world awkwardness; ``expected.toml`` lists what
reading it must give. Text files are written as exact bytes so that line
endings, byte-order marks and encodings are what the case name says.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def _georoc_precompiled() -> bytes:
    header = ['CITATION', 'TECTONIC SETTING', 'LOCATION', 'SAMPLE NAME', 'ROCK NAME', 'MIN. AGE (YRS.)',
              'MAX. AGE (YRS.)', 'MATERIAL', 'SIO2(WT%)', 'TIO2(WT%)', 'AL2O3(WT%)', 'FEOT(WT%)', 'MGO(WT%)',
              'CAO(WT%)', 'NA2O(WT%)', 'K2O(WT%)', 'LA(PPM)', 'AU(PPM)', 'TE(PPM)', 'SR87_SR86',
              'ND143_ND144', 'ND143_ND144(_INI)', 'EPSILON_ND', 'UNIQUE_ID', '']
    rows = [
        ['[19973]', 'CONVERGENT MARGIN', 'ALEUTIAN ARC / ADAK', 's_GD2 [19973]', 'BASALT [19973]', '1000000',
         '1000000', 'WR [19973] ', '49.50', '1.10', '17.20', '9.80', '7.10', '10.90', '2.90', '0.60',
         '8.1 [19973]', '0.0021', '0', '0.703210', '0.513050', '0.513040', '8.1', '123-A', ''],
        ['[12881]', 'CONVERGENT MARGIN', 'ALEUTIAN ARC / ADAK', 's_GD3 [12881]', 'ANDESITE [12881]', '2000000',
         '3000000', 'WR [12881] ', '58.20', '0.80', '16.90', '6.50', '3.40', '6.80', '3.80', '1.50',
         '14.2', '', '0', '0.703300', '0.513010', '', '7.4', '123-B', ''],
        ['[19973]', 'CONVERGENT MARGIN', 'ALEUTIAN ARC / ADAK', 's_GD4 [19973]', 'DACITE [19973]', '',
         '5000000', 'WR [19973] ', '66.10', '0.50', '15.80', '4.10', '1.60', '4.10', '4.20', '2.20',
         '18.0', '0.0009', '0.002', '0.703400', '', '', '', '123-C', ''],
    ]
    lines = [",".join(f'"{c}"' for c in header)] + [",".join(f'"{c}"' for c in r) for r in rows]
    trailer = ['', '', '"Abbreviations:"', '"WR: WHOLE ROCK"', '"GL: VOLCANIC GLASS"', '',
               '"References:"', '"[12881]	KELEMEN P. B. et al.: THE ALEUTIAN ARC [2003]"',
               '"[19973]	SMITH J. et al.: ADAK BASALTS [2010]"']
    return ("\r".join(lines + trailer) + "\r").encode("utf-8")


def _trailing_content() -> bytes:
    return ('"SAMPLE NAME","LA(PPM)",""\r"a1","1.5","note x"\r"a2","2.5",""\r').encode("utf-8")


TEXT_FILES: dict[str, bytes] = {
    "georoc_precompiled_cr.csv": _georoc_precompiled(),
    "georoc_trailing_column_with_content.csv": _trailing_content(),
    "georoc_api_ppm_ppb.csv": (
        "SAMPLE NAME,AU(PPM)[ICPMS],AU(PPB)[ICPMS],PT(PPB)[ICPMS],SIO2(WT%)[XRF]\n"
        "s1,0.0021,2.1,5,49.1\ns2,0.0030,2.95,,50.2\ns3,0.0040,7.0,1.2,51.0\n").encode(),
    "earthchem_rows_per_method.csv": (
        ",sample_id,method,sio2,la,sr87_sr86,nd143_nd144\n"
        "0,LO-1,EMP (EPMA),48.7,,,\n1,LO-1,ICPMS,,12.5,,\n2,LO-1,TIMS,,,0.70352,0.51297\n").encode(),
    "utf8_bom.csv": ("\ufeffSample,La (µg/g),Location\nA1,12.5,Bañuelos\n").encode("utf-8"),
    "utf16_bom.txt": ("Sample\tLa (ppm)\tLocation\r\nA1\t12.5\tSão Paulo\r\nA2\t<0.5\tÅland\r\n").encode("utf-16"),
    "latin1.csv": ("Sample;La (µg/g);Location\nA1;12,5;Montréal\n").encode("latin-1"),
    "cp1252_dash.csv": ("Sample,Ni (ppm),Note\nA1,\u2014,r\u00e9sum\u00e9\nA2,14,x\n").encode("cp1252"),
    "crlf.csv": b"Sample,SiO2,MgO\r\nA1,50.1,7.2\r\nA2,51.3,6.9\r\n",
    "semicolon_decimal_comma.csv": "Sample;SiO2 (wt%);Ni (ppm)\nA1;50,12;<0,5\nA2;48,9;112,4\n".encode(),
    "tab_delimited.tsv": b"Sample\tLa\tCe\nA1\t12.5\t30.1\nA2\t11.0\t28.4\n",
    "comments_before_header.csv": (
        b"# source: lab export 2024\n# units: ppm\n\nSample,La,Yb\nA1,12.5,1.9\nA2,10.1,2.2\n"),
    "censored_variants.csv": (
        "Sample,Ni\nr1,<0.01\nr2,< 0.01\nr3,bdl\nr4,b.d.l.\nr5,BDL\nr6,n.d.\nr7,nd\nr8,-\nr9,\u2014\n"
        "r10,\u2013\nr11,<LOD\nr12,NA\nr13,n.a.\nr14,nan\nr15,\nr16,12.5\n").encode("utf-8"),
    "garbage_numbers.csv": b"Sample,La,Ce\nA1,12.3.4,30\nA2,abc,31\nA3,11,32\n",
    "negative_values.csv": b"Sample,Cu (ppm),d7Li\nA1,-5,-3.2\nA2,12,4.1\n",
    "duplicate_headers.csv": b"Sample,La,La,Sample,\nA1,12.5,12.9,X,\nA2,,11.0,Y,\n",
    "method_preference.csv": b"Sample,La_xrf,La_icpms,La_inaa\nA1,15,12.5,13\nA2,16,,13.5\nA3,17,,\nA4,,<0.1,3\n",
    "isotope_spellings.csv": (
        "Sample,87Sr86Sr,2SE,143_144Nd,(87Sr/86Sr)i,d7Li (per mil LSVEC),d137/134Ba,Sr87/Sr86\n"
        "A1,0.70401,0.00001,0.51290,0.70390,3.1,0.30,0.70402\n").encode(),
    "d6li_old_convention.csv": b"Sample,d6Li\nA1,-5.0\nA2,2.0\n",
    "age_ka.csv": b'Sample,Age (ka),"Age (a, Min)","Age (a, Max)"\nA1,150,,\nA2,,1000000,3000000\nA3,,2000000,\n',
    "oxides_over_100_and_totals.csv": (
        b"Sample,SiO2,TiO2,Al2O3,FeOt,MnO,MgO,CaO,Na2O,K2O,P2O5,LOI\n"
        b"A1,101.5,1.0,15.0,9.0,0.2,7.0,10.0,3.0,1.0,0.2,1.0\n"
        b"A2,49.5,1.1,16.0,9.5,0.2,7.5,10.5,2.9,0.8,0.2,0.5\n"
        b"A3,45.0,1.0,14.0,8.0,0.2,6.0,9.0,2.5,0.5,0.1,3.0\n"),
    "unknown_unit.csv": b"Sample,La (furlongs),Ce (ppm)\nA1,12,30\n",
    "ragged_short_rows.csv": b"Sample,La,Ce,Nd\nA1,12,30,15\nA2,11\nA3,10,25,13\n",
    "ragged_long_rows.csv": b"Sample,La,Ce\nA1,12,30\nA2,11,25,99\n",
    "empty.csv": b"",
    "only_comments.csv": b"# nothing here\n# at all\n\n",
    "binary_garbage.csv": bytes(range(256)) * 8,
    "numbers_only_header.csv": b"1.5,2.5,3.5\n4,5,6\n",
    "quoted_newline.csv": b'Sample,Note,La\nA1,"two\nlines",12\nA2,plain,13\n',
    "blank_lines_between.csv": b"Sample,La\nA1,12\n\nA2,13\n\n\n",
    "formula_like_cells.csv": b"Sample,Note,La\n=1+1,+cmd,1\n-x,@SUM(A1),2\n",
    "unit_suffix_styles.csv": (
        "Sample,La (ppm),Ce_ppm,Pr ppm,ND(PPB),Sm (ng/g),Eu µg/g,SiO2 (wt%),TiO2 %\n"
        "A1,12,30,4,15000,3000,1.1,50,1.2\n").encode("utf-8"),
    "overrides.csv": b"Sample,Ni,Foo,La\nA1,0.01,5,12\n",
    "cr_only_unquoted.txt": b"Sample\tSiO2\tLa\rA1\t50.0\t12\rA2\t51.0\t13\r",
}


def _workbooks() -> None:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes["A1"] = "Data from the lab, see sheet Data"
    data = book.create_sheet("Data")
    data.append(["Sample", "La (ppm)", "SiO2"])
    data.append(["A1", 12.5, 50])
    data.append(["A2", "<0.5", 51.2])
    book.save(HERE / "workbook_data_on_second_sheet.xlsx")

    book = Workbook()
    book.active.title = "Readme"
    book.active["A1"] = "two data sheets"
    for name, la in (("Lavas", 12.0), ("Dykes", 7.5)):
        sheet = book.create_sheet(name)
        sheet.append(["Sample", "La"])
        sheet.append(["X1", la])
    book.save(HERE / "workbook_two_data_sheets.xlsx")

    book = Workbook()
    sheet = book.active
    sheet.title = "Table 1"
    sheet["A1"] = "Table 1. Whole-rock geochemistry of the Foo lavas"
    sheet.append([])
    sheet.append(["Sample", "SiO2", "La", "Comment"])
    sheet.append(["F1", 49.9, 12, "fresh"])
    sheet.append(["F2", 52.1, 15.5, None])
    book.save(HERE / "workbook_title_row.xlsx")


def _parquet() -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"Sample": ["P1", "P2"], "La": [12.5, None], "Ce (ppm)": ["30.1", "<1"]})
    pq.write_table(table, HERE / "plain.parquet")


def main() -> None:
    for name, data in TEXT_FILES.items():
        (HERE / name).write_bytes(data)
    _workbooks()
    _parquet()


if __name__ == "__main__":
    main()
