"""Rich tables for people at a terminal. All article text goes in as ``Text``, never markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from dipstat.model import Analysis, Statement
from dipstat.render.records import actor_records
from dipstat.render.safe import visible
from dipstat.render.styles import KIND_STYLES, STANCE_STYLES


def plain(value: object, *, style: str = "") -> Text:
    """Untrusted text as an inert rich ``Text`` (no markup, no emoji codes, no escapes)."""
    return Text(visible("" if value is None else str(value), single_line=True), style=style)


def _who(name: str | None, actor: str | None, *, style: str = "bold") -> Text:
    cell = plain(name or "?", style=style)
    if actor:
        cell.append(f" ({visible(actor, single_line=True)})", style="blue")
    return cell


def _lines(*parts: Text) -> Text:
    return Text("\n").join(parts)


@dataclass(frozen=True)
class Widths:
    """Column limits for a table printed ``width`` columns wide.

    Names and cues get narrow columns so that the statement, the longest cell, gets the
    room; it wraps inside its cell and never pushes the table past --width.  The limits
    scale with the width: at 80 columns a name gets 16, a statement at least 26.
    """

    width: int

    @property
    def name(self) -> int:
        return max(8, min(24, self.width // 5))

    @property
    def cue(self) -> int:
        return max(6, min(14, self.width // 7))

    @property
    def text(self) -> int:
        return max(8, self.width // 3)


@dataclass(frozen=True)
class Fitted:
    """A table built when printed, for the width it is printed at."""

    build: Callable[[Widths], Table]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(Widths(options.max_width))


def _table(analysis: Analysis, *, expand: bool = True) -> Table:
    # expand: the ratio columns (statement, evidence) take what the others leave.
    return Table(
        title=plain(analysis.article or "article"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        expand=expand,
    )


def quotes_table(analysis: Analysis) -> Fitted:
    """Speaker, cue, kind and text of every statement."""

    def build(w: Widths) -> Table:
        table = _table(analysis)
        table.add_column("#", style="dim", no_wrap=True)
        table.add_column("speaker", overflow="fold", max_width=w.name)
        table.add_column("cue, kind", overflow="fold", max_width=w.cue)
        table.add_column("statement", overflow="fold", ratio=1, min_width=w.text)
        for s in analysis.statements:
            kind = s.kind.value
            table.add_row(
                plain(s.id),
                _who(s.speaker, s.actor),
                _lines(plain(s.cue), plain(kind, style=KIND_STYLES[kind])),
                plain(s.text),
            )
        return table

    return Fitted(build)


def stances_table(analysis: Analysis, *, explain: bool = False) -> Fitted:
    """Speaker → target, stance coloured by polarity with its Goldstein score, and text."""

    def build(w: Widths) -> Table:
        table = _table(analysis)
        table.add_column("#", style="dim", no_wrap=True)
        table.add_column("speaker → target", overflow="fold", max_width=w.name)
        table.add_column("stance", overflow="fold", max_width=9)  # "criticize"
        text_width = w.text // 2 if explain else w.text
        table.add_column("statement", overflow="fold", ratio=2, min_width=text_width)
        if explain:
            table.add_column("evidence", overflow="fold", ratio=1, min_width=text_width)
        for s in analysis.statements:
            table.add_row(*_stance_row(s, explain))
        return table

    return Fitted(build)


def _stance_row(s: Statement, explain: bool) -> list[Text]:
    style = STANCE_STYLES[s.stance.polarity] if s.stance else "dim"
    stance = plain(s.stance.value if s.stance else "–", style=style)
    if s.goldstein is not None:
        stance = _lines(stance, plain(f"{s.goldstein:+.1f}", style=style))
    who = _who(s.speaker, s.actor)
    if s.target:
        who = _lines(who, Text("→ ").append_text(_who(s.target, s.target_actor, style="")))
    row = [plain(s.id), who, stance, plain(s.text)]
    if explain:
        confidence = f"{s.stance_confidence:.2f} " if s.stance_confidence is not None else ""
        row.append(plain(confidence + "; ".join(s.evidence)))
    return row


def actors_table(analysis: Analysis) -> Fitted:
    """Every speaker and target: role, actor, how the actor was decided, statement counts."""

    def build(w: Widths) -> Table:
        table = _table(analysis, expand=False)
        table.add_column("name", overflow="fold", max_width=w.name)
        table.add_column("role", overflow="fold", max_width=w.name)
        table.add_column("actor", style="blue", overflow="fold", max_width=w.cue)
        table.add_column("decided by", overflow="fold", max_width=w.name)
        table.add_column("said", justify="right")
        table.add_column("targeted", justify="right", overflow="fold")
        for row in actor_records(analysis):
            source = row["actor_source"] or ("" if row["as_speaker"] else "(target only)")
            table.add_row(
                plain(row["name"], style="bold"),
                plain(row["role"]),
                plain(row["actor"] or "–"),
                plain(source),
                Text(str(row["as_speaker"])),
                Text(str(row["as_target"])),
            )
        return table

    return Fitted(build)


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
