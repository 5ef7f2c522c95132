"""Plain-text tables for the terminal, lined up by what is seen, not by characters.

An emoji or a CJK character takes two columns; an accent combined with its letter, none.
"""

from __future__ import annotations

import unicodedata

from senco_tui.safe_text import safe_text


def width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: list[list[str]]) -> str:
    """Rows of cells as lines, each column as wide as its widest cell, two spaces apart.

    Each cell is made safe for the terminal first (one line, no escape sequences), so
    the columns line up with what is shown.
    """
    rows = [[safe_text(cell) for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (w - width(cell))
                               for cell, w in zip(row, widths, strict=True)).rstrip()
                     for row in rows) + "\n"
