"""Rich tables for people at a terminal. All article text goes in as ``Text``, never markup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from dipstat.model import Analysis, Statement
from dipstat.render.records import actor_records
from dipstat.render.safe import visible
from dipstat.render.styles import KIND_STYLES, STANCE_STYLES


def plain(value: object, *, style: str = "") -> Text:
    """Untrusted text as an inert rich ``Text`` (no markup, no emoji codes, no escapes)."""
    return Text(visible("" if value is None else str(value), single_line=True), style=style)


def _speaker_cell(statement: Statement) -> Text:
    cell = plain(statement.speaker or "?", style="bold")
    if statement.actor:
        cell.append(f" ({visible(statement.actor)})", style="blue")
    return cell


# Column widths: names and cues stay narrow so that the statement, the longest cell,
# gets the room; it wraps inside its cell, never past the table's width.
_NAME_WIDTH = 26
_CUE_WIDTH = 14
_TEXT_MIN = 8


def _table(analysis: Analysis) -> Table:
    return Table(
        title=plain(analysis.article or "article"), box=box.SIMPLE_HEAD, title_justify="left"
    )


def quotes_table(analysis: Analysis) -> Table:
    """Speaker, cue, kind and text of every statement."""
    table = _table(analysis)
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("speaker", overflow="fold", max_width=_NAME_WIDTH)
    table.add_column("cue", overflow="fold", max_width=_CUE_WIDTH)
    table.add_column("kind", no_wrap=True)
    table.add_column("statement", overflow="fold", ratio=1, min_width=_TEXT_MIN)
    for statement in analysis.statements:
        kind = statement.kind.value
        table.add_row(
            plain(statement.id),
            _speaker_cell(statement),
            plain(statement.cue),
            plain(kind, style=KIND_STYLES[kind]),
            plain(statement.text),
        )
    return table


def stances_table(analysis: Analysis, *, explain: bool = False) -> Table:
    """Speaker → target, stance coloured by polarity, cue, Goldstein and text."""
    table = _table(analysis)
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("speaker", overflow="fold", max_width=_NAME_WIDTH)
    table.add_column("target", overflow="fold", max_width=_NAME_WIDTH)
    table.add_column("stance", no_wrap=True)
    table.add_column("cue", overflow="fold", max_width=_CUE_WIDTH)
    table.add_column("G", justify="right", no_wrap=True)
    table.add_column("statement", overflow="fold", ratio=2, min_width=_TEXT_MIN)
    if explain:
        table.add_column("evidence", overflow="fold", ratio=1, min_width=_TEXT_MIN)
    for s in analysis.statements:
        target = plain(s.target or "–")
        if s.target_actor:
            target.append(f" ({visible(s.target_actor)})", style="blue")
        stance = s.stance.value if s.stance else "–"
        style = STANCE_STYLES[s.stance.polarity] if s.stance else "dim"
        goldstein = "" if s.goldstein is None else f"{s.goldstein:+.1f}"
        row = [
            plain(s.id),
            _speaker_cell(s),
            target,
            plain(stance, style=style),
            plain(s.cue),
            plain(goldstein, style=style),
            plain(s.text),
        ]
        if explain:
            conf = f"{s.stance_confidence:.2f} " if s.stance_confidence is not None else ""
            row.append(plain(conf + "; ".join(s.evidence)))
        table.add_row(*row)
    return table


def actors_table(analysis: Analysis) -> Table:
    """Every speaker and target: role, actor, how the actor was decided, statement counts."""
    table = _table(analysis)
    table.expand = False
    table.add_column("name", overflow="fold", max_width=_NAME_WIDTH)
    table.add_column("role", overflow="fold", max_width=_NAME_WIDTH)
    table.add_column("actor", style="blue", overflow="fold")
    table.add_column("decided by", overflow="fold", max_width=_NAME_WIDTH)
    table.add_column("said", justify="right", no_wrap=True)
    table.add_column("targeted", justify="right", no_wrap=True)
    for row in actor_records(analysis):
        table.add_row(
            plain(row["name"], style="bold"),
            plain(row["role"] or ""),
            plain(row["actor"] or "–"),
            plain(row["actor_source"] or ("" if row["as_speaker"] else "(target only)")),
            Text(str(row["as_speaker"])),
            Text(str(row["as_target"])),
        )
    return table


_EVAL_ROWS = (
    ("statements", "statement"),
    ("direct", "direct"),
    ("indirect", "indirect"),
    ("mixed", "mixed"),
    ("who said what", "who_said_what"),
    ("reply links", "reply"),
)
_EVAL_ACCURACIES = ("speaker", "actor", "kind", "stance", "target", "target_actor")


def eval_tables(scores: Mapping[str, Any]) -> tuple[Table, Table]:
    """Precision/recall/F1 rows and accuracies on matched statements."""
    prf = Table(title="extraction", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("", "precision", "recall", "F1"):
        prf.add_column(column, justify="right" if column else "left")
    for label, key in _EVAL_ROWS:
        prf.add_row(label, *(f"{scores[f'{key}_{m}']:.3f}" for m in ("precision", "recall", "f1")))
    acc = Table(
        title=f"on {scores['matched']} matched of {scores['gold']} gold, "
        f"{scores['predicted']} predicted",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    acc.add_column("accuracy")
    acc.add_column("", justify="right")
    for key in _EVAL_ACCURACIES:
        acc.add_row(key.replace("_", " "), f"{scores[f'{key}_accuracy']:.3f}")
    acc.add_row("stance macro-F1", f"{scores['stance_macro_f1']:.3f}")
    return prf, acc
