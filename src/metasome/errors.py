"""The one exception type users can cause, and the warning record.

Every problem a user's input or configuration can cause is raised as
:class:`MetasomeInputError`, whose message names the file, and where it
applies the row and column. The command line turns it into exit code 2 and
one line of text, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


def _locate(file: str | None, row: int | None, column: str | None) -> str:
    parts = []
    if file is not None:
        parts.append(str(file))
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


class MetasomeInputError(ValueError):
    """Bad input or configuration, with where it was found.

    Parameters
    ----------
    message : str
        What is wrong, in words a user can act on.
    file, row, column : optional
        Where. ``row`` is the 1-based line of the source file (for text files)
        or the 1-based data row (for spreadsheets), as stated in the message.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.file, self.row, self.column = file, row, column
        self.reason = message
        where = _locate(file, row, column)
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class InputWarning:
    """A suspicious value or choice, recorded in the table's report (never silent)."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    code: str = "warning"

    def __str__(self) -> str:
        where = _locate(self.file, self.row, self.column)
        return f"{where}: {self.message}" if where else self.message
