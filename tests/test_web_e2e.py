"""End-to-end test of the web interface: Playwright driving Debian's chromium against a live server.

chromium is installed by ``tools/ensure_chromium.sh`` (run by ``make test``); when it is
missing this test fails, it is never skipped.
"""

from __future__ import annotations

import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("METASOME_CHROMIUM", "/usr/bin/chromium")
EXAMPLE = (Path(__file__).resolve().parents[1] / "src" / "metasome" / "data" / "examples"
           / "arc_lavas_CentralAndes_Mamani2010_extract.csv")
TOKEN = "e2e-token-0123456789"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from metasome.web import create_app
    from metasome.web.server import free_port

    port = free_port()
    app = create_app(TOKEN, workdir=tmp_path_factory.mktemp("web"), port=port)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.time() + 30
    while not srv.started and time.time() < end:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_browser_upload_fix_unit_spider_models_report(server, tmp_path):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: run tools/ensure_chromium.sh (as root)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(120_000)
            # without the token the app refuses
            assert page.goto(server + "/").status == 403
            page.goto(f"{server}/?token={TOKEN}")
            assert "token=" not in page.url
            page.set_input_files("input[name=file]", str(EXAMPLE))
            page.click("button[type=submit]")
            page.wait_for_url("**/mapping")
            # fix one column's unit: the Ga_xrf column is in ppb
            row = page.locator("tr", has=page.locator("td.header", has_text="Ga_xrf"))
            unit = row.locator("input[name^=unit_]")
            assert unit.input_value() == "ppm"
            unit.fill("ppb")
            page.select_option("select[name=group]", "Arc")
            page.click("#mapping-form button[type=submit]")
            page.wait_for_url("**/analysis")
            spider = page.locator("figure[data-figure$='_spider'] svg").first
            spider.wait_for(state="visible")
            # the example lavas have Latitude (Y)/Longitude (X): the where-and-when map is drawn
            page.locator("figure[data-figure$='_map'] svg").first.wait_for(state="visible")
            # the correction was kept
            page.goto(server + "/mapping")
            assert row.locator("input[name^=unit_]").input_value() == "ppb"
            # Monte Carlo scenario -> violin plot
            page.goto(server + "/models")
            page.uncheck("input[value='mantle + continental crust']")
            page.fill("input[name=draws]", "5000")
            page.click("#montecarlo-form button[type=submit]")
            page.locator("figure[data-figure='montecarlo_violins'] svg").wait_for(state="visible")
            # Holwell chalcophile model: a bad value is refused on the page, then one changed parameter runs
            page.fill("#holwell-form input[name=F_model]", "0.9")
            page.click("#holwell-form button[type=submit]")
            error = page.locator("#holwell-result .error")
            error.wait_for(state="visible")
            assert "0.9 is outside the allowed range 0.005 to 0.25" in error.inner_text()
            page.fill("#holwell-form input[name=F_model]", "0.08")
            page.click("#holwell-form button[type=submit]")
            page.locator("#holwell-result figure[data-figure='holwell2019_trajectories'] svg").wait_for(
                state="visible")
            result = page.locator("#holwell-result").inner_text()
            assert "Melt fraction carried into the crust 0.08 (default 0.05)" in result
            assert "Ni/Te and Cu/Te of each model stage" in result
            # binary mixing over the samples' 87Sr/86Sr and eNd
            page.select_option("#mixing-form select[name=a]", "NMORB_SM89")
            page.select_option("#mixing-form select[name=b]", "UCC_RG03")
            page.click("#mixing-form button[type=submit]")
            page.locator("#mixing-result figure[data-figure='mixing_curve'] svg").wait_for(state="visible")
            # the whole report, then its download
            page.goto(server + "/downloads")
            page.click("#report-form button[type=submit]")
            link = page.locator("#report-zip")
            link.wait_for(state="visible")
            with page.expect_download() as info:
                link.click()
            target = tmp_path / "report.zip"
            info.value.save_as(target)
            names = zipfile.ZipFile(target).namelist()
            assert "metasome-report/report.html" in names
            assert any(n.startswith("metasome-report/figures/") for n in names)
        finally:
            browser.close()
