"""The FastAPI application: upload -> column mapping -> analysis -> models -> downloads.

Pages are rendered by Jinja2 with autoescaping (user text is shown as text);
figures are the report's own inline SVG. Long work runs in :mod:`.jobs`.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..errors import MetasomeInputError
from ..io.table import CENSORING_FACTORS
from . import forms
from .jobs import Job, JobRunner
from .security import SecurityMiddleware

HERE = Path(__file__).parent
#: Upload suffixes accepted (the stored file gets a generated name with this suffix only).
SUFFIXES = (".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".xls", ".parquet", ".pq")
CENSORING = ("", *CENSORING_FACTORS)   # "" keeps censored cells missing
MC_DRAWS = (1_000, 2_000_000)


@dataclass
class Session:
    """What one browser session has uploaded and chosen; files live under ``dir`` with generated names."""

    id: str
    dir: Path
    upload: Path | None = None
    filename: str = ""
    sheet: str | int | None = None
    overrides: dict = field(default_factory=dict)
    group: str = ""
    age: float | None = None
    censoring: str = ""
    negative: bool = False
    base: list = field(default_factory=list)  # detected (header, quantity, unit) before overrides
    jobs: dict = field(default_factory=dict)  # kind -> job id
    mc: dict = field(default_factory=lambda: {"draws": 20_000, "seed": 20250101, "scenarios": []})
    holwell: dict = field(default_factory=forms.holwell_defaults)  # last submitted form text
    mixing: dict = field(default_factory=lambda: dict(forms.MIXING_DEFAULTS))
    deposits: Path | None = None  # optional table of deposits/occurrences, stored under a generated name
    deposits_name: str = ""
    version: int = 0


def _read(session: Session, overrides: dict | None = None, negative: bool | None = None):
    from ..io import read_table

    return read_table(session.upload, sheet=session.sheet,
                      columns=(overrides if overrides is not None else session.overrides) or None,
                      negative_is_censored=session.negative if negative is None else negative)


def _label(session: Session) -> str:
    """The original file name (text shown to the user, escaped on output; never a path)."""
    return session.filename or "data"


def _stored_name(session: Session) -> str:
    return session.upload.name if session.upload is not None else ""


def _model_tables(session: Session, frames: dict) -> None:
    """A model's tables, each as CSV and XLSX, in the session's model tables (listed for download)."""
    from ..io import write_frame

    tables = session.dir / "models" / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    for key, frame in frames.items():
        for suffix in (".csv", ".xlsx"):
            write_frame(frame, tables / f"{key}{suffix}")


def _error_fragment(errors: list[str], status: int = 400) -> HTMLResponse:
    """Readable, escaped messages for an htmx form target."""
    items = "".join(f"<li>{escape(e)}</li>" for e in errors)
    return HTMLResponse(f'<div class="error" role="alert"><p>Please correct:</p><ul>{items}</ul></div>',
                        status_code=status)


def _samples(session: Session):
    """The uploaded table with censoring applied, or None when it cannot be read."""
    try:
        return _read(session).with_censoring(session.censoring or None)
    except MetasomeInputError:
        return None


def _config(session: Session, *, models: bool = True):
    from ..report.config import DepositsConfig, InputConfig, ProjectConfig

    spec = InputConfig(path=str(session.upload), label=_label(session), sheet=session.sheet,
                       negative_is_censored=session.negative,
                       group=[session.group] if session.group else [],
                       columns={k: dict(v) for k, v in session.overrides.items()})
    return ProjectConfig(title=f"metasome report: {Path(_label(session)).stem or 'data'}", inputs=[spec], age=session.age,
                         censoring=session.censoring or None, seed=session.mc["seed"],
                         montecarlo={"draws": max(session.mc["draws"], 1_000)},
                         models={"qiu2025_mixing": models, "holwell2019_continuum": models},
                         figures={"formats": ["png", "svg"]},
                         deposits=DepositsConfig(path=str(session.deposits)) if session.deposits else None)


def _section_views(sections, rename: tuple[str, str] | None = None) -> list[dict]:
    """Sections as template data; ``rename`` = (stored upload name, original name) for the paragraphs."""
    from ..report.document import _frame_html

    def text(p: str) -> str:
        return p.replace(f"read from {rename[0]}", f"read from {rename[1]}") if rename and rename[0] else p

    return [{"title": s.title, "anchor": s.anchor, "paragraphs": [text(p) for p in s.paragraphs],
             "figures": [{"name": f.name, "caption": f.caption, "svg": Markup(f.svg)} for f in s.figures],
             "tables": [{"caption": t.caption, "html": Markup(_frame_html(t))} for t in s.tables]}
            for s in sections]


def _listing(folder: Path) -> list[str]:
    """The files under ``folder`` by their path relative to it (a long table's Parquet parts sit in a
    sub-folder of its own)."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def create_app(token: str, *, max_upload_mb: float = 100, workdir: str | Path | None = None,
               host: str = "127.0.0.1", port: int | None = None) -> FastAPI:
    """Build the web application.

    Parameters
    ----------
    token : str
        The per-launch secret every request must carry (query, cookie or header).
    max_upload_mb : float
        Largest request body accepted; larger uploads are answered with 413.
    workdir : path, optional
        Folder for uploads and outputs (one sub-folder per session); a new
        temporary folder, removed at shutdown, when not given.
    host, port : the address served (for the Host and Origin checks); ``port``
        defaults to the port of each request's server address.
    """
    own_dir = workdir is None
    root = Path(tempfile.mkdtemp(prefix="metasome-web-")) if own_dir else Path(workdir)
    root.mkdir(parents=True, exist_ok=True)
    runner = JobRunner()
    sessions: dict[str, Session] = {}
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # .html: autoescaped

    @asynccontextmanager
    async def lifespan(_app):
        yield
        runner.shutdown()
        if own_dir:
            shutil.rmtree(root, ignore_errors=True)

    app = FastAPI(title="metasome", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.runner = runner
    app.state.sessions = sessions
    app.state.workdir = root
    app.add_middleware(SecurityMiddleware, token=token, max_body=int(max_upload_mb * 1024 * 1024),
                       bind_host=host, port=port)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def session_of(request: Request) -> Session:
        sid = request.scope["state"]["session_id"]
        if sid not in sessions:
            folder = root / sid
            folder.mkdir(parents=True, exist_ok=True)
            sessions[sid] = Session(id=sid, dir=folder)
        return sessions[sid]

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        session = session_of(request)
        return templates.TemplateResponse(request, name, {"session": session, **context}, status_code=status)

    def need_upload(session: Session):
        return None if session.upload is not None else RedirectResponse("/", status_code=303)

    def job_view(request: Request, job: Job) -> HTMLResponse:
        return templates.TemplateResponse(request, "job.html", {"job": job})

    # ------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        return page(request, "index.html", suffixes=", ".join(SUFFIXES),
                    limit=int(max_upload_mb))

    def index_error(request: Request, error: str) -> HTMLResponse:
        return page(request, "index.html", 400, error=error, suffixes=", ".join(SUFFIXES), limit=int(max_upload_mb))

    def refuse(request: Request, target: Path, message: str) -> HTMLResponse:
        """Drop a stored upload that cannot be read and say why on the start page."""
        target.unlink(missing_ok=True)
        return index_error(request, message)

    async def store(session: Session, item) -> tuple[Path | None, str, str]:
        """Save an uploaded file under a generated name; (path, original name, error)."""
        if item is None or isinstance(item, str) or not item.filename:
            return None, "", "Choose a file to upload."
        original = Path(item.filename.replace("\\", "/")).name  # shown to the user, never used as a path
        suffix = Path(original).suffix.lower()
        if suffix not in SUFFIXES:
            return None, original, (f"{original}: unsupported file type {suffix or '(none)'}; "
                                    f"use one of {', '.join(SUFFIXES)}.")
        uploads = session.dir / "uploads"
        uploads.mkdir(exist_ok=True)
        import secrets

        target = uploads / f"{secrets.token_hex(8)}{suffix}"
        with target.open("wb") as out:
            while chunk := await item.read(1 << 20):
                out.write(chunk)
        return target, original, ""

    async def receive(request: Request, session: Session) -> tuple[Path | None, str, str, str]:
        """The form's one file saved (:func:`store`) and its ``sheet`` field; the form's spooled
        temporary files are closed here, not left to the garbage collector."""
        async with request.form(max_files=1, max_fields=10) as form:
            target, original, error = await store(session, form.get("file"))
            return target, original, error, str(form.get("sheet") or "").strip()

    @app.post("/upload", response_class=HTMLResponse)
    async def upload(request: Request):
        session = session_of(request)
        target, original, error, sheet_text = await receive(request, session)
        if error:
            return index_error(request, error)
        sheet: str | int | None = int(sheet_text) if sheet_text.isdigit() else (sheet_text or None)
        trial = Session(id=session.id, dir=session.dir, upload=target, filename=original, sheet=sheet)
        try:
            table = _read(trial)
        except MetasomeInputError as err:
            return refuse(request, target, f"{original}: {err}")
        except Exception as err:  # a file the readers cannot parse: a message, never a traceback
            return refuse(request, target, f"{original}: could not be read as a table ({type(err).__name__}: {err}).")
        if session.upload is not None and session.upload != target:
            session.upload.unlink(missing_ok=True)
        session.upload, session.filename, session.sheet = target, original, sheet
        session.overrides, session.group, session.age, session.censoring, session.negative = {}, "", None, "", False
        session.base = [(m.header, m.quantity or "", m.unit or "") for m in table.mapping]
        session.jobs = {}
        session.version += 1
        return RedirectResponse("/mapping", status_code=303)

    @app.post("/deposits", response_class=HTMLResponse)
    async def upload_deposits(request: Request):
        """A second table of deposits or occurrences, drawn on the map and in the age figures."""
        from ..io.deposits import read_deposits

        session = session_of(request)
        target, original, error, _ = await receive(request, session)
        if error:
            return index_error(request, error)
        try:
            read_deposits(target)
        except MetasomeInputError as err:
            return refuse(request, target, f"{original}: {err.reason}")
        except Exception as err:  # a file the readers cannot parse: a message, never a traceback
            return refuse(request, target, f"{original}: could not be read as a table ({type(err).__name__}).")
        if session.deposits is not None:
            session.deposits.unlink(missing_ok=True)
        session.deposits, session.deposits_name = target, original
        session.jobs = {}
        session.version += 1
        return RedirectResponse("/analysis" if session.upload is not None else "/", status_code=303)

    def mapping_page(request: Request, session: Session, status: int = 200, error: str = "", table=None):
        from ..io import mapping_frame

        if table is None:
            table = _read(session)
        frame = mapping_frame(table)
        rows = [{k: ("" if v is None or (isinstance(v, float) and v != v) else v) for k, v in zip(frame.columns, r)}
                for r in frame.itertuples(index=False)]
        return page(request, "mapping.html", status, rows=rows, error=error, censorings=CENSORING,
                    n_rows=len(table), warnings=[str(w.message) for w in table.warnings][:50],
                    n_warnings=len(table.warnings))

    @app.get("/mapping", response_class=HTMLResponse)
    def mapping(request: Request):
        session = session_of(request)
        return need_upload(session) or mapping_page(request, session)

    @app.post("/mapping", response_class=HTMLResponse)
    async def save_mapping(request: Request):
        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        form = await request.form(max_files=0, max_fields=20_000)
        overrides: dict[str, dict] = {}
        for i, (header, base_q, base_u) in enumerate(session.base):
            q = str(form.get(f"quantity_{i}", base_q)).strip()
            u = str(form.get(f"unit_{i}", base_u)).strip()
            spec: dict[str, str | None] = {}
            if q != base_q:
                spec["quantity"] = q or None
            if q and u and (u != base_u or q != base_q):
                spec["unit"] = u
            if spec:
                overrides[header] = spec
        group = str(form.get("group", "")).strip()
        headers = [h for h, _, _ in session.base]
        age_text = str(form.get("age", "")).strip()
        censoring = str(form.get("censoring", ""))
        negative = form.get("negative") is not None
        error = ""
        if group and group not in headers:
            error = "The group column must be one of the file's columns."
        age = None
        if age_text:
            try:
                age = float(age_text)
            except ValueError:
                error = f"Age must be a number in Ma, not {age_text!r}."
        age_column = str(form.get("age_column", "")).strip()
        if age_column:
            if age_column not in headers:
                error = "The age column must be one of the file's columns."
            else:
                overrides[age_column] = {"quantity": "age", "unit": "Ma"}
        if censoring not in CENSORING:
            error = "Unknown censoring policy."
        if not error:
            try:
                _read(session, overrides, negative)  # the corrected mapping must read cleanly
            except MetasomeInputError as err:
                error = str(err)
        if error:
            return mapping_page(request, session, 400, error=error)
        session.overrides, session.group, session.age = overrides, group, age
        session.censoring, session.negative = censoring, negative
        session.jobs = {}
        session.version += 1
        return RedirectResponse("/analysis", status_code=303)

    def analysis_job(job: Job, session: Session, version: int):
        from ..report.analyse import deposits_frame
        from ..report.document import FigureWriter
        from ..report.run import analyse_input

        out = session.dir / f"analysis-{version}"
        shutil.rmtree(out, ignore_errors=True)
        config = _config(session, models=False)
        job.progress("reading and deriving", 0.1)
        figures = FigureWriter(out, ("svg",))
        (out / "tables").mkdir(parents=True, exist_ok=True)
        sections, _, _, _ = analyse_input(config.inputs[0], config, figures, out / "tables",
                                          deposits=deposits_frame(config.deposits))
        return {"sections": _section_views(sections, (_stored_name(session), session.filename))}

    @app.get("/analysis", response_class=HTMLResponse)
    def analysis(request: Request):
        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        job = runner.get(session.jobs.get("analysis", ""), session.id)
        if job is None:
            version = session.version
            job = runner.submit("analysis", session.id, lambda j: analysis_job(j, session, version))
            session.jobs["analysis"] = job.id
        return page(request, "analysis.html", job=job)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse)
    def job_status(request: Request, job_id: str):
        session = session_of(request)
        job = runner.get(job_id, session.id)
        if job is None:
            return HTMLResponse("<p class=\"error\">This job is not known (the server may have restarted).</p>",
                                status_code=404)
        return job_view(request, job)

    # ------------------------------------------------------------------ models
    @app.get("/models", response_class=HTMLResponse)
    def models(request: Request):
        from ..mixing import default_scenarios

        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        from ..mixing import load_library

        names = [s.name for s in default_scenarios()]
        jobs = {k: runner.get(v, session.id) for k, v in session.jobs.items()}
        return page(request, "models.html", scenarios=names, jobs=jobs, draws_range=MC_DRAWS,
                    holwell_params=forms.HOLWELL_PARAMS, holwell_groups=forms.HOLWELL_GROUPS,
                    d_presets=forms.D_SL_PRESETS, melting_modes=forms.MELTING_MODES,
                    endmembers=list(load_library()), axes=forms.MIXING_AXES)

    def montecarlo_job(job: Job, session: Session, chosen: list[str], draws: int, seed: int):
        from ..mixing import default_scenarios, simulate
        from ..mixing.seed_qiu2025 import LITERATURE_D7LI
        from ..plots.mixing import plot_mc_violins
        from ..report.document import FigureWriter, Section, Table

        out = session.dir / "models"
        job.progress("simulating", 0.05)
        scenarios = [s for s in default_scenarios() if s.name in chosen]
        res = simulate(scenarios, ["d7Li"], n=draws, seed=seed)
        job.progress("drawing violins", 0.8)
        sim = {k: v["d7Li"] for k, v in res.results.items()}
        observed = None
        try:
            values = _read(session).with_censoring(session.censoring or None)
            if "d7Li" in values.columns and values["d7Li"].notna().sum() >= 3:
                observed = {_label(session): values["d7Li"].dropna().to_numpy()}
        except MetasomeInputError:
            observed = None
        ax = plot_mc_violins(sim, observed=observed, literature=LITERATURE_D7LI)
        figures = FigureWriter(out, ("png", "svg"))
        figure = figures.add(ax.figure, "montecarlo_violins",
                             f"Monte Carlo d7Li of {', '.join(chosen)} ({draws:,} draws per scenario, "
                             f"seed {seed}) beside published ranges.")
        summary = res.summary()
        _model_tables(session, {"montecarlo_summary": summary})
        section = Section("Monte Carlo source simulation", [], [figure],
                          [Table("Monte Carlo d7Li per scenario", summary)])
        return {"sections": _section_views([section])}

    @app.post("/models/montecarlo", response_class=HTMLResponse)
    async def run_montecarlo(request: Request):
        from ..mixing import default_scenarios

        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        form = await request.form(max_files=0, max_fields=50)
        names = [s.name for s in default_scenarios()]
        chosen = [n for n in form.getlist("scenario") if n in names]
        try:
            draws = int(str(form.get("draws", "20000")).replace(",", "").replace("_", ""))
            seed = int(str(form.get("seed", "0")))
        except ValueError:
            return HTMLResponse('<p class="error">Draws and seed must be whole numbers.</p>', status_code=400)
        if not chosen:
            return HTMLResponse('<p class="error">Choose at least one scenario.</p>', status_code=400)
        if not MC_DRAWS[0] <= draws <= MC_DRAWS[1] or seed < 0:
            return HTMLResponse(f'<p class="error">Draws must be between {MC_DRAWS[0]:,} and {MC_DRAWS[1]:,} '
                                'and the seed not negative.</p>', status_code=400)
        session.mc = {"draws": draws, "seed": seed, "scenarios": chosen}
        job = runner.submit("montecarlo", session.id, lambda j: montecarlo_job(j, session, chosen, draws, seed))
        session.jobs["montecarlo"] = job.id
        return job_view(request, job)

    def holwell_job(job: Job, session: Session, params: dict):
        import pandas as pd

        from ..report.document import FigureWriter, Section, Table
        from ..sulfide import reproduce_holwell
        from ..sulfide.seed_holwell2019 import holwell_figures

        job.progress("running the chalcophile sequence", 0.1)
        res = reproduce_holwell(None, **params)
        job.progress("drawing profiles and trajectories", 0.6)
        values = _samples(session)
        data = None
        if values is not None and {"Ni", "Cu", "Te"} <= set(values.columns):
            data = values[["Ni", "Cu", "Te"]].dropna(how="all")
            data = data if len(data) else None
        profiles, trajectories = holwell_figures(res, data)
        figures = FigureWriter(session.dir / "models", ("png", "svg"))
        changed = forms.changed_params(params)
        setting = ("with " + "; ".join(changed)) if changed else "with the published defaults"
        figs = [figures.add(profiles, "holwell2019_profiles",
                            "Modelled chalcophile profiles (primitive-mantle normalised, Palme & O'Neill 2014) of "
                            f"the melt at each stage of the trans-lithospheric sequence, {setting}."),
                figures.add(trajectories, "holwell2019_trajectories",
                            "Model Ni/Te and Cu/Te through the lithosphere (mantle melts at 1-10 % melting, then "
                            "each crustal stage) with the levels of Holwell et al. (2019), "
                            + (f"over the {len(data)} analyses of {_label(session)}" if data is not None
                               else "without analyses (the table has no Ni, Cu and Te)") + f"; {setting}.")]
        ratios = pd.DataFrame(res["ratios"]).reset_index(names="stage")
        bands = res["bands"].reset_index()
        stages = res["stages"].reset_index(names="stage")
        text = [f"Holwell et al. (2019) sequence {setting}."] + [str(n) for n in res.get("notes", [])]
        job.progress("writing tables", 0.9)
        _model_tables(session, {"holwell2019_ratios": ratios, "holwell2019_bands": bands,
                                "holwell2019_stages": stages})
        section = Section("Chalcophile continuum model (Holwell et al. 2019)", text, figs,
                          [Table("Ni/Te and Cu/Te of each model stage", ratios),
                           Table("Model stages against Holwell's Ni/Te bands", bands),
                           Table("Model stage compositions (ppm)", stages)])
        section.anchor = "holwell"
        return {"sections": _section_views([section])}

    async def form_job(request: Request, kind: str, max_fields: int, parse, work):
        """A model form: ``parse(form) -> (params, texts, errors)``; the texts are kept to fill the form
        again (``session.<kind>``), errors are shown, else ``work(job, session, params)`` runs as a job."""
        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        form = await request.form(max_files=0, max_fields=max_fields)
        params, texts, errors = parse(form)
        setattr(session, kind, texts)
        if errors:
            return _error_fragment(errors)
        job = runner.submit(kind, session.id, lambda j: work(j, session, params))
        session.jobs[kind] = job.id
        return job_view(request, job)

    @app.post("/models/holwell", response_class=HTMLResponse)
    async def run_holwell(request: Request):
        return await form_job(request, "holwell", 100, forms.holwell_params, holwell_job)

    def mixing_job(job: Job, session: Session, choice: dict):
        import pandas as pd

        from ..mixing import curve, load_library
        from ..plots.mixing import plot_mixing_curves
        from ..report.document import FigureWriter, Section, Table

        lib = load_library()
        a, b, x, y = lib[choice["a"]], lib[choice["b"]], choice["x"], choice["y"]
        job.progress("computing the mixing curve", 0.2)
        c = curve(a, b, x=x, y=y, ticks=choice["ticks"])
        samples = None
        values = _samples(session)
        if values is not None:
            cols = {}
            for axis in (x, y):
                q = axis.removeprefix("1/")
                if q in values.columns:
                    col = pd.to_numeric(values[q], errors="coerce")
                    cols[axis] = 1.0 / col.where(col > 0) if axis.startswith("1/") else col
            if len(cols) == 2:
                samples = pd.DataFrame(cols).dropna()
                samples = samples if len(samples) else None
        job.progress("drawing", 0.6)
        ax = plot_mixing_curves([c], samples=samples)
        figures = FigureWriter(session.dir / "models", ("png", "svg"))
        over = (f"over the {len(samples)} samples of {_label(session)} with both values" if samples is not None
                else f"({_label(session)} has no samples with both {x} and {y})")
        figure = figures.add(ax.figure, "mixing_curve",
                             f"Binary mixing of {c.a} (A) and {c.b} (B) in {y} against {x}, ticks at % of B "
                             f"by mass, {over}.")
        ticks = pd.DataFrame({"% of B": [100 * f for f in c.tick_f], x: c.tick_x, y: c.tick_y})
        ends = lib.table([q for q in dict.fromkeys(forms._needs(x) + forms._needs(y))]).loc[[c.a, c.b]]
        ends = ends.reset_index(names="end-member")
        _model_tables(session, {"mixing_ticks": ticks})
        text = [(f"Mass fraction f of {c.b} added to {c.a}; isotope values are weighted by the element "
                 "concentrations of the end-members (Faure & Mensing 2005; Langmuir et al. 1978).")]
        section = Section("Binary mixing", text, [figure],
                          [Table("Mixture at each tick", ticks), Table("End-member values (library)", ends)])
        section.anchor = "mixing"
        return {"sections": _section_views([section])}

    @app.post("/models/mixing", response_class=HTMLResponse)
    async def run_mixing(request: Request):
        from ..mixing import load_library

        return await form_job(request, "mixing", 50, lambda form: forms.mixing_choice(form, load_library()),
                              mixing_job)

    # ------------------------------------------------------------------ report and downloads
    def report_job(job: Job, session: Session):
        from ..report.run import run_report

        out = session.dir / "report"
        shutil.rmtree(out, ignore_errors=True)
        stored, original = _stored_name(session), session.filename

        def progress(step: str, fraction: float) -> None:  # the original file name, not the stored one
            job.progress(str(step).replace(stored, original) if stored else step, fraction)

        result = run_report(_config(session), out, progress=progress)
        html = out / "report.html"
        if stored and html.is_file():  # the Data section names the file read: show the original name
            html.write_text(html.read_text(encoding="utf-8").replace(f"read from {stored}",
                                                                     f"read from {escape(original)}"),
                            encoding="utf-8")
        return {"figures": len(result.figures), "tables": len(result.tables)}

    @app.post("/report", response_class=HTMLResponse)
    def make_report(request: Request):
        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        job = runner.submit("report", session.id, lambda j: report_job(j, session))
        session.jobs["report"] = job.id
        return job_view(request, job)

    @app.get("/downloads", response_class=HTMLResponse)
    def downloads(request: Request):
        session = session_of(request)
        if (redirect := need_upload(session)) is not None:
            return redirect
        report = session.dir / "report"
        job = runner.get(session.jobs.get("report", ""), session.id)
        return page(request, "downloads.html", job=job, has_report=(report / "report.html").is_file(),
                    tables=_listing(report / "tables"), figures=_listing(report / "figures"),
                    model_tables=_listing(session.dir / "models" / "tables"),
                    model_figures=_listing(session.dir / "models" / "figures"))

    def folder_file(folder: Path, name: str) -> Response:
        # the name is looked up among the folder's own files, never joined as a path
        if name not in _listing(folder):
            return HTMLResponse("<p>Not found.</p>", status_code=404)
        return FileResponse(folder / name, filename=name)

    @app.get("/download/report.html")
    def download_report_html(request: Request):
        return folder_file(session_of(request).dir / "report", "report.html")

    @app.get("/download/report.zip")
    def download_report_zip(request: Request):
        session = session_of(request)
        report = session.dir / "report"
        if not (report / "report.html").is_file():
            return HTMLResponse("<p>No report yet: make it on the downloads page.</p>", status_code=404)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(report.rglob("*")):
                if path.is_file():
                    zf.write(path, Path("metasome-report") / path.relative_to(report))
        return Response(buf.getvalue(), media_type="application/zip",
                        headers={"Content-Disposition": 'attachment; filename="metasome-report.zip"'})

    @app.get("/download/{kind}/{name:path}")
    def download_file(request: Request, kind: str, name: str):
        session = session_of(request)
        folders = {"tables": session.dir / "report" / "tables", "figures": session.dir / "report" / "figures",
                   "model-tables": session.dir / "models" / "tables",
                   "model-figures": session.dir / "models" / "figures"}
        if kind not in folders:
            return HTMLResponse("<p>Not found.</p>", status_code=404)
        return folder_file(folders[kind], name)

    return app
