"""The ``metasome`` command: a thin front end over :mod:`metasome.io`, the science and the report.

Exit codes: 0 success, 2 bad input or configuration (one line on stderr, no
traceback), 1 internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    name="metasome",
    help="Mantle sources and metal budgets of magmas from whole-rock geochemistry.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
reference_app = typer.Typer(help="Packaged reference compositions (normalising values).", no_args_is_help=True)
app.add_typer(reference_app, name="reference")

SheetOpt = typer.Option(None, "--sheet", help="Spreadsheet sheet name or 0-based index.")
ColumnsOpt = typer.Option(None, "--columns", help="TOML file of per-column overrides (quantity, unit).",
                          exists=False)
NegOpt = typer.Option(False, "--negative-censored",
                      help="Treat negative values as below-detection flags (limit = absolute value).")
BackendOpt = typer.Option("serial", "--backend", help="serial, processes or dask (needs metasome\\[distributed]); "
                                                      "files are read in row blocks. serial already keeps two "
                                                      "cores busy (parser threads, a writer thread); processes "
                                                      "and dask pay off with more cores.")
SchedulerOpt = typer.Option(None, "--scheduler", help="Dask scheduler ADDRESS (default: a local 2-process "
                                                      "cluster); implies --backend dask.")


#: Width used when output goes to a file or pipe, so that tables are not folded into unreadable columns.
PIPE_WIDTH = 200


def _console(stderr: bool = False):
    """A rich console that prints text as written: paths, headers and warnings are data, and square
    brackets in them are not markup."""
    from rich.console import Console

    console = Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False)
    if not console.is_terminal:
        console = Console(stderr=stderr, highlight=False, soft_wrap=True, width=PIPE_WIDTH, markup=False)
    return console


def _read(path: Path, sheet: Optional[str], columns: Optional[Path], negative: bool):
    from .io import load_column_overrides, read_table

    overrides = load_column_overrides(columns) if columns else None
    sheet_arg: str | int | None = int(sheet) if sheet is not None and sheet.isdigit() else sheet
    return read_table(path, sheet=sheet_arg, columns=overrides, negative_is_censored=negative)


def _print_frame(frame, title: str) -> None:
    """The frame as a rich table; every cell is plain text (a header such as ``La [ppm]`` is data, not
    rich markup)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), show_lines=False)
    for col in frame.columns:
        table.add_column(Text(str(col)), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*[Text("" if v is None or v != v else str(v)) for v in row])
    _console().print(table)


@app.command()
def inspect(
    file: Path = typer.Argument(..., help="Table to read (CSV/TSV/TXT, XLSX/XLS, Parquet)."),
    sheet: Optional[str] = SheetOpt,
    columns: Optional[Path] = ColumnsOpt,
    negative_censored: bool = NegOpt,
):
    """Show how each column of FILE is understood, and every warning."""
    from .io import mapping_frame

    table = _read(file, sheet, columns, negative_censored)
    prov = table.provenance
    _print_frame(mapping_frame(table), f"{file}: {len(table)} rows, {len(table.mapping)} columns "
                                       f"({prov.get('format', '?')})")
    console = _console()
    if table.warnings:
        console.print(f"{len(table.warnings)} warning(s):", style="bold")
        for w in table.warnings:
            console.print(f"  - {w}")
    else:
        console.print("No warnings.")


@app.command()
def compute(
    file: Path = typer.Argument(..., help="Table to read, or a folder or glob pattern of tables."),
    out: Path = typer.Option(..., "--out", "-o", help="Output table (.csv, .tsv, .txt, .xlsx or .parquet), or "
                                                      "a folder of Parquet parts (an existing one, or a name "
                                                      "without an extension)."),
    sheet: Optional[str] = SheetOpt,
    columns: Optional[Path] = ColumnsOpt,
    negative_censored: bool = NegOpt,
    age: Optional[float] = typer.Option(None, "--age", help="One age (Ma) for the whole table."),
    censoring: Optional[str] = typer.Option(
        None, "--censoring", help="Below-detection policy: half, limit, zero or a factor of the limit in "
                                  "[0, 1] (default: missing)."),
    backend: str = BackendOpt,
    scheduler: Optional[str] = SchedulerOpt,
    block_rows: Optional[int] = typer.Option(
        None, "--block-rows", help="Rows per block (default 100000, a multiple of 2000): memory grows with it; "
                                   "lower it for very wide tables on a small machine."),
    workers: Optional[int] = typer.Option(
        None, "--workers", help="Processes for --backend processes (default: one per CPU) or workers of the "
                                "local Dask cluster (default 2)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
):
    """Read FILE and write it back with every derived column added.

    CSV/TSV/Parquet outputs are written in row blocks of bounded memory, each block written while the next
    is read (the same table as reading the whole file at once); a spreadsheet output is built in memory."""
    from .io import write
    from .parallel.engine import SPREADSHEET_OUT, refuse_overwrite
    from .report.pipeline import derive_all

    _check_block_options(out, _backend(backend, scheduler), scheduler, block_rows, workers)
    if out.suffix.lower() not in SPREADSHEET_OUT or backend != "serial" or scheduler is not None \
            or not file.is_file():
        from .parallel import compute_many
        from .report.progress import bar

        sheet_arg = int(sheet) if sheet is not None and sheet.isdigit() else sheet
        with bar(enabled=not quiet) as progress:
            done = compute_many(str(file), out, backend=_backend(backend, scheduler),
                                scheduler=scheduler, age=age, censoring=_censoring(censoring), columns=columns,
                                sheet=sheet_arg, negative_is_censored=negative_censored, progress=progress,
                                block_rows=block_rows, workers=workers)
        _console().print(f"wrote {out}: {done.rows} rows from {len(done.files)} file(s) in {done.blocks} "
                         f"block(s), {done.columns} columns ({done.backend}, {done.seconds:.1f} s)")
        return
    refuse_overwrite(out, [file])
    table = _read(file, sheet, columns, negative_censored)
    derived = derive_all(table, age=age, censoring=_censoring(censoring))
    write(table, out, derived=derived)
    _console().print(f"wrote {out}: {len(table)} rows, {len(table.original.columns)} input columns, "
                     f"{len(derived.columns)} derived columns")


def _check_block_options(out: Path, backend: str, scheduler: Optional[str], block_rows: Optional[int],
                         workers: Optional[int]) -> None:
    """Options that would do nothing are refused, not ignored."""
    from .errors import MetasomeInputError
    from .parallel.engine import SPREADSHEET_OUT

    if block_rows is not None and out.suffix.lower() in SPREADSHEET_OUT:
        raise MetasomeInputError(f"--block-rows applies to CSV, TSV and Parquet outputs; a {out.suffix} "
                                 "output is built in memory", file=str(out))
    if workers is not None and (backend == "serial" or scheduler is not None):
        raise MetasomeInputError("--workers sets the processes of --backend processes or of the local Dask "
                                 "cluster; the serial backend and an existing --scheduler do not take it")


def _backend(backend: str, scheduler: Optional[str]) -> str:
    return "dask" if scheduler and backend == "serial" else backend


def _censoring(text: Optional[str]):
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


@app.command()
def demo(out: Path = typer.Option(Path("metasome-demo"), "--out", "-o", help="Output folder."),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display.")):
    """Run the main job on the embedded example data and write OUT/report.html."""
    from .report.demo import run_demo

    path = run_demo(out, progress=not quiet)
    if not quiet:
        _console().print(f"report written to {path}")


@app.command()
def report(
    file: Optional[Path] = typer.Argument(None, help="Table, folder or glob pattern of tables to report on "
                                                     "(else the inputs of --config)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="project.toml (validated)."),
    out: Path = typer.Option(Path("metasome-report"), "--out", "-o", help="Output folder."),
    sheet: Optional[str] = SheetOpt,
    group: Optional[list[str]] = typer.Option(None, "--group", "-g", help="Group column (repeat for several)."),
    age: Optional[float] = typer.Option(None, "--age", help="One age (Ma) for every sample."),
    deposits: Optional[Path] = typer.Option(None, "--deposits", help="Table of deposits/occurrences (name, "
                                            "latitude, longitude, deposit type, age) drawn on maps and ages."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    backend: str = BackendOpt,
    scheduler: Optional[str] = SchedulerOpt,
):
    """Read, classify, normalise, model and draw everything; write OUT/report.html, figures, tables.

    A folder or glob, a table of more than 20,000 rows, or any input with --backend is processed in row
    blocks: every row is derived and written to OUT/tables/<name>/ as Parquet parts; the report shows all-row
    statistics and figures of a seeded sample of at most 20,000 rows, saying how many rows were drawn from how
    many. The Monte Carlo of the mixing models runs on the same backend (\\[montecarlo] draws in project.toml),
    with the numbers of the serial run."""
    from .errors import MetasomeInputError
    from .report.config import DepositsConfig, InputConfig, ProjectConfig, load_config
    from .report.progress import bar
    from .report.run import run_report

    project = load_config(config) if config else ProjectConfig()
    if file is not None:
        sheet_arg: str | int | None = int(sheet) if sheet is not None and sheet.isdigit() else sheet
        project = project.model_copy(update={"inputs": [InputConfig(path=str(file), sheet=sheet_arg)]})
    if group:
        project = project.model_copy(update={"group": list(group)})
    if age is not None:
        project = project.model_copy(update={"age": age})
    if deposits is not None:
        project = project.model_copy(update={"deposits": DepositsConfig(path=str(deposits))})
    if not project.inputs:
        raise MetasomeInputError("nothing to report on: give FILE or list [[inputs]] in the configuration",
                                 file=str(config) if config else None)
    with bar(enabled=not quiet) as progress:
        result = run_report(project, out, progress=progress, backend=_backend(backend, scheduler),
                            scheduler=scheduler)
    if not quiet:
        _console().print(f"report written to {result.html} ({len(result.figures)} figure files, "
                         f"{len(result.tables)} tables, {result.warnings} input warnings)")


@app.command()
def serve(port: Optional[int] = typer.Option(None, "--port", help="Port (default: a free one)."),
          no_browser: bool = typer.Option(False, "--no-browser", help="Only print the address."),
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
          allow_remote: bool = typer.Option(False, "--allow-remote",
                                            help="Allow a non-loopback --host (warned: plain HTTP)."),
          max_upload_mb: float = typer.Option(100.0, "--max-upload-mb", help="Largest upload accepted.")):
    """Start the local web interface and open it in the browser (address with a per-launch token)."""
    from .errors import MetasomeInputError

    try:
        from .web import serve as run_server
    except ImportError as err:
        raise MetasomeInputError(f"the web interface needs the 'web' extra (pip install 'metasome[web]'): {err}") from err
    try:
        run_server(host=host, port=port, open_browser=not no_browser, max_upload_mb=max_upload_mb,
                   allow_remote=allow_remote)
    except ValueError as err:
        raise MetasomeInputError(str(err)) from None


@reference_app.command("list")
def reference_list():
    """List the packaged reference compositions with their citations."""
    from .reference import list_references

    _print_frame(list_references(), "Reference compositions")


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning input errors into exit code 2 and one line."""
    from .errors import MetasomeInputError

    try:
        app(args=argv, standalone_mode=False)
    except MetasomeInputError as err:
        print(f"metasome: error: {err}", file=sys.stderr)
        return 2
    except (typer.Exit, SystemExit) as done:
        return int(getattr(done, "exit_code", getattr(done, "code", 0)) or 0)
    except typer.Abort:
        return 1
    except typer.TyperException as err:  # usage errors: bad or missing options and arguments
        err.show()
        return 2
    except Exception as err:  # noqa: BLE001 - the last line of defence for users
        print(f"metasome: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
