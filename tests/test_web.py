"""Endpoint tests of the local web interface (FastAPI test client), refusals included."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from metasome.web import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "metasome" / "data" / "examples"
CSV = EXAMPLES / "arc_lavas_CentralAndes_Mamani2010_extract.csv"
TOKEN = "test-token-123"
BASE = "http://127.0.0.1:8765"
ORIGIN = {"Origin": BASE}


def _client(tmp_path, **kw) -> tuple[TestClient, object]:
    app = create_app(TOKEN, workdir=tmp_path / "work", port=8765, **kw)
    return TestClient(app, base_url=BASE), app


@pytest.fixture
def client(tmp_path):
    c, app = _client(tmp_path)
    r = c.get(f"/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    c.app_ref = app
    return c


def _wait(client, kind: str, timeout: float = 180.0) -> str:
    session = next(iter(client.app_ref.state.sessions.values()))
    end = time.time() + timeout
    while time.time() < end:
        r = client.get(f"/jobs/{session.jobs[kind]}")
        assert r.status_code == 200
        if "hx-get" not in r.text:
            return r.text
        time.sleep(0.3)
    raise AssertionError(f"{kind} job did not finish")


def _upload(client, name="lavas.csv", data: bytes | None = None):
    data = CSV.read_bytes() if data is None else data
    return client.post("/upload", files={"file": (name, data, "text/csv")}, headers=ORIGIN)


def test_token_required_and_cookie_set(tmp_path):
    c, _ = _client(tmp_path)
    assert c.get("/").status_code == 403
    assert c.get("/?token=wrong").status_code == 403
    assert c.get("/static/htmx.min.js").status_code == 403
    r = c.get(f"/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    cookies = r.headers.get_list("set-cookie")
    assert any(h.startswith("metasome_token=") and "HttpOnly" in h and "SameSite=Strict" in h for h in cookies)
    r = c.get("/")
    assert r.status_code == 200 and "Upload a table" in r.text
    assert r.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    # a script may send the token as a header instead
    fresh, _ = _client(tmp_path)
    assert fresh.get("/", headers={"X-Metasome-Token": TOKEN}).status_code == 200


def test_bad_host_refused(client):
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 403
    assert client.get("/", headers={"Host": "127.0.0.1:9999"}).status_code == 403
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_bad_origin_refused(client):
    r = client.post("/upload", files={"file": ("a.csv", b"x", "text/csv")},
                    headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/upload", files={"file": ("a.csv", b"x", "text/csv")},
                    headers={**ORIGIN, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403


def test_post_without_token_refused(tmp_path):
    c, _ = _client(tmp_path)
    r = c.post("/upload", files={"file": ("a.csv", CSV.read_bytes(), "text/csv")}, headers=ORIGIN)
    assert r.status_code == 403


def test_oversized_upload_413(tmp_path):
    c, _ = _client(tmp_path, max_upload_mb=0.01)
    c.get(f"/?token={TOKEN}")
    r = c.post("/upload", files={"file": ("big.csv", b"a,b\n" + b"1,2\n" * 10_000, "text/csv")}, headers=ORIGIN)
    assert r.status_code == 413


def test_streamed_oversized_body_413(tmp_path):
    c, _ = _client(tmp_path, max_upload_mb=0.01)
    c.get(f"/?token={TOKEN}")

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(20):
            yield b"x" * 4096

    r = c.post("/upload", content=chunks(), headers={**ORIGIN, "Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413


def test_malformed_and_unsupported_files_are_messages(client):
    r = _upload(client, "broken.xlsx", b"this is not a spreadsheet")
    assert r.status_code == 400
    assert 'class="error"' in r.text and "Traceback" not in r.text and "broken.xlsx" in r.text
    r = _upload(client, "notes.exe", b"MZ")
    assert r.status_code == 400 and "unsupported file type" in r.text
    r = client.post("/upload", data={"sheet": "0"}, headers=ORIGIN)
    assert r.status_code == 400 and "Choose a file" in r.text


def test_upload_name_never_a_path_and_escaped(client, tmp_path):
    r = _upload(client, "../../<b>evil<i>.csv")
    assert r.status_code == 200 and r.url.path == "/mapping"
    assert "<b>evil" not in r.text and "&lt;b&gt;evil" in r.text
    session = next(iter(client.app_ref.state.sessions.values()))
    assert session.upload.parent == session.dir / "uploads"
    assert re.fullmatch(r"[0-9a-f]{16}\.csv", session.upload.name)
    assert not (tmp_path / "<b>evil<i>.csv").exists()


def test_sample_names_are_escaped(client):
    data = ("Sample,SiO2,MgO,La,Ce,Nd,Sm,Yb,Nb,Th\n"
            "<script>alert(1)</script>,50,8,10,20,15,4,2,5,1\n"
            "B,51,7,11,22,16,4.2,2.1,5.5,1.1\n"
            "C,52,6,12,24,17,4.4,2.2,6,1.2\n").encode()
    r = _upload(client, "xss.csv", data)
    assert r.status_code == 200
    r = client.post("/mapping", data={"group": "Sample"}, headers=ORIGIN)
    assert r.status_code == 200
    html = _wait(client, "analysis")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_mapping_unit_fix_analysis_and_spider(client):
    r = _upload(client)
    assert r.status_code == 200
    assert re.search(r'name="unit_\d+" value="ppm"', r.text)
    headers = [h for h, _, _ in next(iter(client.app_ref.state.sessions.values())).base]
    i = headers.index("Ga_xrf")
    r = client.post("/mapping", data={f"unit_{i}": "ppb", "group": "Arc", "censoring": "half"}, headers=ORIGIN)
    assert r.status_code == 200 and r.url.path == "/analysis"
    assert 'hx-get="/jobs/' in r.text  # progress display while the job runs
    session = next(iter(client.app_ref.state.sessions.values()))
    assert session.overrides == {"Ga_xrf": {"unit": "ppb"}}
    html = _wait(client, "analysis")
    assert re.search(r'data-figure="[a-z0-9_]*_spider"><svg', html)
    r = client.get("/mapping")
    assert re.search(rf'name="unit_{i}" value="ppb"', r.text)


def test_bad_mapping_is_a_message(client):
    _upload(client)
    r = client.post("/mapping", data={"quantity_14": "Unobtainium"}, headers=ORIGIN)
    assert r.status_code == 400 and "unknown quantity" in r.text and "Traceback" not in r.text
    r = client.post("/mapping", data={"age": "old"}, headers=ORIGIN)
    assert r.status_code == 400 and "Age must be a number" in r.text


def test_pages_need_an_upload_first(client):
    for path in ("/mapping", "/analysis", "/models", "/downloads"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
    assert client.get("/jobs/0123456789abcdef").status_code == 404
    assert client.get("/download/report.zip").status_code == 404


def test_models_montecarlo_holwell_report_and_downloads(client):
    _upload(client)
    r = client.get("/models")
    assert r.status_code == 200 and "mantle + AOC" in r.text
    r = client.post("/models/montecarlo", data={"scenario": ["mantle + AOC"], "draws": "500", "seed": "1"},
                    headers=ORIGIN)
    assert r.status_code == 400 and "Draws must be between" in r.text
    r = client.post("/models/montecarlo", data={"scenario": ["mantle + AOC", "mantle + sediment"],
                                                "draws": "5000", "seed": "7"}, headers=ORIGIN)
    assert r.status_code == 200 and "progress" in r.text
    html = _wait(client, "montecarlo")
    assert 'data-figure="montecarlo_violins"><svg' in html and "mantle + sediment" in html
    r = client.post("/models/holwell", headers=ORIGIN)
    assert r.status_code == 200
    html = _wait(client, "holwell")
    assert 'data-figure="holwell2019_trajectories"' in html
    r = client.post("/report", headers=ORIGIN)
    assert r.status_code == 200
    html = _wait(client, "report", timeout=400)
    assert "report.zip" in html, html
    r = client.get("/downloads")
    assert r.status_code == 200 and "/download/tables/" in r.text and "/download/figures/" in r.text
    z = zipfile.ZipFile(io.BytesIO(client.get("/download/report.zip").content))
    assert "metasome-report/report.html" in z.namelist()
    report_html = client.get("/download/report.html").text
    assert report_html.startswith("<!") and "read from lavas.csv" in report_html
    name = re.search(r'/download/tables/([^"]+\.xlsx)"', r.text).group(1)
    assert client.get(f"/download/tables/{name}").status_code == 200
    assert client.get("/download/model-tables/montecarlo_summary.csv").status_code == 200
    # names outside the listed files are not served
    assert client.get("/download/tables/..%2F..%2Fproject.toml").status_code == 404
    assert client.get("/download/secrets/x").status_code == 404


CHALCOPHILE = (b"Sample,Ni,Cu,Te\n"
               b"<i>S1</i>,120,80,0.02\n"
               b"S2,60,110,0.05\n"
               b"S3,30,95,0.08\n")


def test_holwell_form_parameters_figures_and_table(client):
    _upload(client, "sulfides.csv", CHALCOPHILE)
    r = client.get("/models")
    assert r.status_code == 200
    assert 'name="F_model" value="0.05"' in r.text and "0.005 to 0.25" in r.text
    r = client.post("/models/holwell", data={"F_model": "0.08", "entrained": "0.2"}, headers=ORIGIN)
    assert r.status_code == 200 and "progress" in r.text
    html = _wait(client, "holwell")
    assert 'data-figure="holwell2019_trajectories"><svg' in html
    assert 'data-figure="holwell2019_profiles"><svg' in html
    assert "Ni/Te and Cu/Te of each model stage" in html and "upper-crust magma" in html
    assert "Melt fraction carried into the crust 0.08 (default 0.05)" in html
    assert "over the 3 analyses of sulfides.csv" in html
    assert "mantle melt F=0.08" in html  # the changed parameter reached the model
    # the submitted values are kept on the page
    assert 'name="entrained" value="0.2"' in client.get("/models").text
    assert client.get("/download/model-tables/holwell2019_ratios.csv").status_code == 200


@pytest.mark.parametrize("data, message", [
    ({"F_model": "0.5"}, "Melt fraction carried into the crust: 0.5 is outside the allowed range 0.005 to 0.25."),
    ({"s0": "lots"}, "Source S: &#39;lots&#39; is not a number."),
    ({"entrained": ""}, "Fraction of lower-crust sulfide entrained: a value is needed"),
    ({"T_mid_K": "nan"}, "is not a finite number"),
    ({"P_mid_kbar": "7"}, "Mid-crust pressure must be lower than the lower-crust pressure"),
    ({"d_preset": "Lee2012"}, "The preset Lee2012 has no D(sulfide liquid/silicate melt) for Ni, Te"),
    ({"d_sl_user": "Os=-1"}, "D(sulfide liquid/silicate melt) Os: -1 is outside the allowed range"),
    ({"d_mss_user": "Ni 0.5"}, "is not of the form element=value"),
    ({"melting_mode": "wet"}, "Unknown melting mode"),
])
def test_holwell_form_refuses_bad_values_readably(client, data, message):
    _upload(client, "sulfides.csv", CHALCOPHILE)
    r = client.post("/models/holwell", data=data, headers=ORIGIN)
    assert r.status_code == 400
    assert 'class="error"' in r.text and message in r.text and "Traceback" not in r.text
    session = next(iter(client.app_ref.state.sessions.values()))
    assert "holwell" not in session.jobs


def test_holwell_form_values_are_escaped(client):
    _upload(client, "sulfides.csv", CHALCOPHILE)
    r = client.post("/models/holwell", data={"F_model": "<script>alert(1)</script>",
                                             "d_sl_user": "<img>=3"}, headers=ORIGIN)
    assert r.status_code == 400
    assert "<script>" not in r.text and "<img" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "&#39;&lt;img&gt;&#39; is not one of the modelled elements" in r.text
    page = client.get("/models").text  # the rejected text is shown back in the field, escaped
    assert "<script>alert(1)</script>" not in page
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_mixing_form_curve_over_samples(client):
    _upload(client)  # the Central Andes lavas have 87Sr/86Sr and eNd
    r = client.get("/models")
    assert 'id="mixing-form"' in r.text and '<option value="UCC_RG03"' in r.text
    r = client.post("/models/mixing", data={"a": "NMORB_SM89", "b": "UCC_RG03", "x": "87Sr/86Sr", "y": "eNd",
                                            "ticks": "1, 5, 10%, 50"}, headers=ORIGIN)
    assert r.status_code == 200 and "progress" in r.text
    html = _wait(client, "mixing")
    assert 'data-figure="mixing_curve"><svg' in html
    assert re.search(r"over the \d+ samples of lavas.csv", html)
    assert "Mixture at each tick" in html and "End-member values (library)" in html
    assert client.get("/download/model-tables/mixing_ticks.csv").text.startswith("% of B")
    # axes the table lacks: the curve alone, with a note
    r = client.post("/models/mixing", data={"a": "DM_SS04", "b": "AOC_Qiu25", "x": "d7Li", "y": "1/Li",
                                            "ticks": "2, 20"}, headers=ORIGIN)
    assert r.status_code == 200
    html = _wait(client, "mixing")
    assert 'data-figure="mixing_curve"><svg' in html and "has no samples with both d7Li and 1/Li" in html
    assert 'name="ticks" value="2, 20"' in client.get("/models").text


@pytest.mark.parametrize("data, message", [
    ({"a": "UCC_RG03", "b": "UCC_RG03"}, "Choose two different end-members."),
    ({"x": "eNd", "y": "eNd"}, "Choose two different axes."),
    ({"ticks": "5, many"}, "Tick proportion: &#39;many&#39; is not a number."),
    ({"ticks": "150"}, "Tick proportion: 150 is outside the allowed range"),
    ({"ticks": " , "}, "Give at least one tick proportion"),
    ({"a": "DMM_WH05", "b": "UCC_RG03"}, "End-member DMM_WH05 has no library value for eNd"),
    ({"a": "Nowhere"}, "End-member A: &#39;Nowhere&#39; is not in the library."),
    ({"x": "Unobtainium"}, "The x axis &#39;Unobtainium&#39; is not offered"),
])
def test_mixing_form_refuses_bad_choices_readably(client, data, message):
    _upload(client)
    r = client.post("/models/mixing", data=data, headers=ORIGIN)
    assert r.status_code == 400
    assert 'class="error"' in r.text and message in r.text and "Traceback" not in r.text


def test_mixing_form_values_are_escaped(client):
    _upload(client)
    r = client.post("/models/mixing", data={"a": "<b>bold</b>", "y": "<svg onload=x>", "ticks": "<i>"},
                    headers=ORIGIN)
    assert r.status_code == 400
    assert "<b>bold" not in r.text and "<svg" not in r.text and "<i>" not in r.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in r.text and "&lt;svg onload=x&gt;" in r.text
    page = client.get("/models").text
    assert "<svg onload" not in page and 'value="&lt;i&gt;"' in page


def test_data_section_shows_the_original_file_name(client):
    _upload(client, "../Andes <lavas>.csv")
    session = next(iter(client.app_ref.state.sessions.values()))
    r = client.get("/analysis")
    assert r.status_code == 200
    html = _wait(client, "analysis")
    assert "<h2>Data: Andes &lt;lavas&gt;.csv</h2>" in html
    assert "read from Andes &lt;lavas&gt;.csv" in html
    assert session.upload.name not in html and "<lavas>" not in html
    assert session.upload.parent == session.dir / "uploads"


GEO_TABLE = ("Sample,Latitude,Longitude,Age (Ma),SiO2,MgO\n"
             "A,-16.5,-71.5,12.1,55,3\n"
             "B,-21.3,-68.3,Cretaceous,56,3\n"
             "C,15 30 S,70 10 W,2.1,57,2\n"
             "D,-22.5,-66.75,0.8,58,2\n").encode()
DEPOSITS = ("Deposit name,Latitude,Longitude,Deposit type,Age\n"
            "Mountain Pass,35.478 N,115.532 W,carbonatite,1.375 Ga\n"
            "Lovozero,67.8,34.7,alkaline igneous,Devonian\n").encode()


def test_positions_and_ages_give_map_and_age_figures(client):
    r = _upload(client, "geo.csv", GEO_TABLE)
    assert r.status_code == 200
    assert client.get("/analysis").status_code == 200
    html = _wait(client, "analysis")
    assert re.search(r'data-figure="[a-z0-9_]*_map"><svg', html)
    assert re.search(r'data-figure="[a-z0-9_]*_ages"><svg', html)
    assert "Where and when" in html and "placed by name in Cretaceous" in html


def test_deposits_upload_is_drawn_and_kept_safe(client):
    _upload(client, "geo.csv", GEO_TABLE)
    r = client.post("/deposits", files={"file": ("../<i>ree.csv", DEPOSITS, "text/csv")}, headers=ORIGIN)
    assert r.status_code == 200 and r.url.path == "/analysis"
    session = next(iter(client.app_ref.state.sessions.values()))
    assert session.deposits.parent == session.dir / "uploads"
    assert re.fullmatch(r"[0-9a-f]{16}\.csv", session.deposits.name)
    assert "&lt;i&gt;ree.csv" in r.text and "<i>ree" not in r.text
    html = _wait(client, "analysis")
    assert re.search(r'data-figure="[a-z0-9_]*_deposit_ages"><svg', html)
    assert "2 of 2 deposits or occurrences have positions (2 deposit types)" in html
    assert session.deposits.name not in html
    # a table without positions is refused with a message; the previous deposits stay
    r = client.post("/deposits", files={"file": ("bad.csv", b"name,type\nx,y\n", "text/csv")}, headers=ORIGIN)
    assert r.status_code == 400 and "no latitude or longitude column" in r.text and "Traceback" not in r.text
    assert session.deposits.is_file()
    r = client.post("/deposits", files={"file": ("d.exe", b"MZ", "text/csv")}, headers=ORIGIN)
    assert r.status_code == 400 and "unsupported file type" in r.text


def test_deposits_upload_needs_token_origin_and_size_cap(tmp_path):
    c, _ = _client(tmp_path, max_upload_mb=0.01)
    assert c.post("/deposits", files={"file": ("d.csv", DEPOSITS, "text/csv")}, headers=ORIGIN).status_code == 403
    c.get(f"/?token={TOKEN}")
    r = c.post("/deposits", files={"file": ("d.csv", DEPOSITS, "text/csv")}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    big = DEPOSITS + b"X,1,1,t,1\n" * 5000
    assert c.post("/deposits", files={"file": ("d.csv", big, "text/csv")}, headers=ORIGIN).status_code == 413


def test_a_long_upload_is_analysed_in_blocks_under_its_own_name(client, monkeypatch):
    """More rows than the figures draw: the block path, its sample sentence, and the upload's own name."""
    from metasome.parallel import view

    monkeypatch.setattr(view, "DEFAULT_CAP", 2_000)
    rows = "\n".join(f"S{i},{45 + i % 25},{2 + i % 3},{1 + i % 2}" for i in range(2_500))
    _upload(client, "long <table>.csv", f"Sample,SiO2,Na2O,K2O\n{rows}\n".encode())
    session = next(iter(client.app_ref.state.sessions.values()))
    assert client.get("/analysis").status_code == 200
    html = _wait(client, "analysis")
    assert "sample of 2,000 of the 2,500 rows" in html
    assert "long &lt;table&gt;" in html and "<table>.csv" not in html
    assert session.upload.stem not in html


def test_parts_of_a_long_table_are_listed_and_served_and_nothing_else(client):
    _upload(client)
    session = next(iter(client.app_ref.state.sessions.values()))
    parts = session.dir / "report" / "tables" / "long"
    parts.mkdir(parents=True)
    (parts / "part-00000.parquet").write_bytes(b"PAR1 test")
    (session.dir / "report" / "project.toml").write_text("secret")
    page = client.get("/downloads").text
    assert "/download/tables/long%2Fpart-00000.parquet" in page or "/download/tables/long/part-00000.parquet" in page
    assert client.get("/download/tables/long/part-00000.parquet").content == b"PAR1 test"
    assert client.get("/download/tables/long%2Fpart-00000.parquet").status_code == 200
    for bad in ("long/../../project.toml", "long/..%2F..%2Fproject.toml", "..%2Fproject.toml", "/etc/passwd"):
        assert client.get(f"/download/tables/{bad}").status_code == 404
