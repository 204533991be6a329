"""Render the README's pictures: real dipstat tables on the bundled sample, as SVG.

python docs/make_screenshots.py
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from dipstat import analyze
from dipstat.render.table import quotes_table, stances_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "beijing_parade.txt"


def main() -> None:
    analysis = analyze(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name)
    for name, table in (
        ("quotes", quotes_table(analysis)),
        ("stances", stances_table(analysis, explain=False)),
    ):
        console = Console(
            record=True,
            width=130,
            force_terminal=True,
            color_system="truecolor",
            file=io.StringIO(),
        )
        console.print(table)
        target = ROOT / "docs" / "img" / f"{name}.svg"
        console.save_svg(str(target), title=f"dipstat {name} {SAMPLE.relative_to(ROOT)}")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
