"""The reply graph of each article: a tree for the terminal, DOT, Mermaid or JSON.

Each statement's ``responds_to`` names the statement (same article) it answers.  The
tree nests the answers under the statement they answer; in DOT, Mermaid and JSON an
edge goes from the reply to the statement it answers, as ``responds_to`` does.  Links to
an unknown id or to the statement itself are dropped, and a cycle cannot loop the
renderer: every statement is drawn once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from dipstat.model import Analysis, Statement
from dipstat.render.formats import ReplyFormat
from dipstat.render.records import json_line
from dipstat.render.safe import visible
from dipstat.render.styles import STANCE_COLORS, STANCE_STYLES

if TYPE_CHECKING:
    from rich.console import Console
    from rich.tree import Tree

_TREE_TEXT = 160  # characters of a statement shown in a tree node; a tree line should stay short
_GRAPH_TEXT = 80  # characters of a statement in a DOT or Mermaid label


@dataclass(frozen=True)
class ReplyGraph:
    """The statements of one article and its valid reply links (reply id, answered id)."""

    analysis: Analysis
    edges: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, analysis: Analysis) -> ReplyGraph:
        ids = {s.id for s in analysis.statements}
        edges = tuple(
            (s.id, s.responds_to)
            for s in analysis.statements
            if s.responds_to in ids and s.responds_to != s.id
        )
        return cls(analysis, edges)

    def nodes(self, *, include_all: bool) -> tuple[Statement, ...]:
        """Statements in a reply link, or every statement with ``include_all``."""
        linked = {i for edge in self.edges for i in edge}
        return tuple(s for s in self.analysis.statements if include_all or s.id in linked)

    def threads(self, *, include_all: bool) -> list[tuple[Statement, list[Any]]]:
        """Nested (statement, answers) pairs; roots in text order, each statement once."""
        by_id = {s.id: s for s in self.analysis.statements}
        answers: dict[str, list[Statement]] = {}
        for reply, answered in self.edges:
            answers.setdefault(answered, []).append(by_id[reply])
        replies = {reply for reply, _ in self.edges}
        seen: set[str] = set()

        def grow(statement: Statement) -> tuple[Statement, list[Any]]:
            seen.add(statement.id)
            children = [c for c in answers.get(statement.id, []) if c.id not in seen]
            return statement, [grow(c) for c in children if c.id not in seen]

        roots = [grow(s) for s in self.analysis.statements if s.id not in replies]
        # Statements on a cycle answer each other and have no root: start at the first.
        for statement in self.analysis.statements:
            if statement.id not in seen and statement.id in answers:
                roots.append(grow(statement))
        return [r for r in roots if include_all or r[1]]


def _clip(text: str, limit: int) -> str:
    text = visible(text, single_line=True)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _stance(statement: Statement) -> tuple[str, str]:
    """(label, polarity) of the statement's stance."""
    if statement.stance is None:
        return "–", "neutral"
    return statement.stance.value, statement.stance.polarity


def _summary(statement: Statement) -> str:
    who = statement.speaker or "?"
    if statement.actor:
        who += f" ({statement.actor})"
    stance, _ = _stance(statement)
    target = f" → {statement.target}" if statement.target else ""
    return visible(f"{statement.id} {who}: {stance}{target}", single_line=True)


def reply_tree(analysis: Analysis, *, include_all: bool = False) -> Tree:
    """A rich tree: each statement with the statements that answer it beneath it."""
    from rich.text import Text
    from rich.tree import Tree

    graph = ReplyGraph.of(analysis)
    root = Tree(Text(visible(analysis.article or "article", single_line=True), style="bold"))

    def node(statement: Statement) -> Text:
        label, polarity = _stance(statement)
        text = Text()
        text.append(f"{statement.id} ", style="dim")
        text.append(visible(statement.speaker or "?", single_line=True), style="bold")
        if statement.actor:
            text.append(f" ({visible(statement.actor)})", style="blue")
        text.append(" ")
        text.append(label, style=STANCE_STYLES[polarity])
        if statement.target:
            text.append(f" → {visible(statement.target, single_line=True)}")
        text.append(f": “{_clip(statement.text, _TREE_TEXT)}”")
        return text

    def add(parent: Tree, thread: tuple[Statement, list[Any]]) -> None:
        branch = parent.add(node(thread[0]))
        for child in thread[1]:
            add(branch, child)

    threads = graph.threads(include_all=include_all)
    for thread in threads:
        add(root, thread)
    count = len(analysis.statements)
    links = len(graph.edges)
    note = f"{count} statement{'s' * (count != 1)}, {links} reply link{'s' * (links != 1)}"
    root.add(Text(note if threads or not count else note + " (--all shows them)", style="dim"))
    return root


def _dot_string(*lines: str) -> str:
    """A quoted DOT string of ``lines`` joined by DOT's ``\\n`` line break."""
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)
    return '"' + "\\n".join(escaped) + '"'


def dot_lines(index: int, graph: ReplyGraph, *, include_all: bool) -> Iterator[str]:
    """One article as a DOT cluster; node ids are ``a<index>_<statement id>``."""
    title = visible(graph.analysis.article or f"article {index}", single_line=True)
    yield f"  subgraph cluster_{index} {{"
    yield f"    label={_dot_string(title)};"
    for s in graph.nodes(include_all=include_all):
        label = _dot_string(_summary(s), _clip(s.text, _GRAPH_TEXT))
        color = STANCE_COLORS[_stance(s)[1]]
        yield f'    {_node_id(index, s.id)} [label={label}, color="{color}"];'
    for reply, answered in graph.edges:
        yield f"    {_node_id(index, reply)} -> {_node_id(index, answered)};"
    yield "  }"


# Mermaid reads "#name;" and "#123;" as entities inside quoted labels; HTML characters
# are written the same way so a label cannot open a tag.
_MERMAID_ESCAPES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
_MERMAID_SPECIAL = re.compile('[#"<>&`]')


def _mermaid_string(*lines: str) -> str:
    """A quoted Mermaid label of ``lines`` joined by ``<br/>``."""
    escaped = (_MERMAID_SPECIAL.sub(lambda m: _MERMAID_ESCAPES[m.group()], x) for x in lines)
    return '"' + "<br/>".join(escaped) + '"'


def mermaid_lines(index: int, graph: ReplyGraph, *, include_all: bool) -> Iterator[str]:
    """One article as a Mermaid subgraph; node ids are ``a<index>_<statement id>``."""
    title = visible(graph.analysis.article or f"article {index}", single_line=True)
    yield f"  subgraph a{index}[{_mermaid_string(title)}]"
    for s in graph.nodes(include_all=include_all):
        label = _mermaid_string(_summary(s), _clip(s.text, _GRAPH_TEXT))
        yield f"    {_node_id(index, s.id)}[{label}]:::{_stance(s)[1]}"
    yield "  end"
    for reply, answered in graph.edges:
        yield f"  {_node_id(index, reply)} --> {_node_id(index, answered)}"


def reply_document(graph: ReplyGraph, *, include_all: bool) -> dict[str, Any]:
    """The JSON document of one article: its statements and reply links."""
    keys = ("id", "speaker", "actor", "stance", "target", "target_actor", "text")
    nodes = [
        {k: v for k, v in s.to_dict().items() if k in keys}
        for s in graph.nodes(include_all=include_all)
    ]
    edges = [{"reply": reply, "answers": answered} for reply, answered in graph.edges]
    return {"article": graph.analysis.article, "statements": nodes, "replies": edges}


_UNSAFE_ID = re.compile(r"\W", re.ASCII)


def _node_id(index: int, statement_id: str) -> str:
    return f"a{index}_{_UNSAFE_ID.sub('_', statement_id)}"


class ReplyWriter:
    """Writes the reply graph of each analysis in one of the :class:`ReplyFormat` s."""

    def __init__(
        self,
        fmt: ReplyFormat,
        stream: IO[str],
        console: Callable[[], Console],
        *,
        include_all: bool = False,
    ) -> None:
        self.fmt = fmt
        self.stream = stream
        self.include_all = include_all
        self._make_console = console
        self._console: Console | None = None
        self._count = 0

    def _start(self) -> None:
        if self.fmt is ReplyFormat.DOT:
            self.stream.write(
                "// an edge goes from a reply to the statement it answers (responds_to)\n"
                "digraph replies {\n  rankdir=BT;\n"
                '  node [shape=box, style=rounded, fontname="Helvetica"];\n'
            )
        elif self.fmt is ReplyFormat.MERMAID:
            colors = "".join(
                f"  classDef {name} stroke:{color},stroke-width:2px\n"
                for name, color in STANCE_COLORS.items()
            )
            self.stream.write(
                "%% an edge goes from a reply to the statement it answers (responds_to)\n"
                "flowchart BT\n" + colors
            )

    def write(self, analysis: Analysis) -> None:
        if self._count == 0:
            self._start()
        self._count += 1
        graph = ReplyGraph.of(analysis)
        if self.fmt is ReplyFormat.TREE:
            if self._console is None:
                self._console = self._make_console()
            self._console.print(reply_tree(analysis, include_all=self.include_all))
        elif self.fmt is ReplyFormat.JSON:
            document = reply_document(graph, include_all=self.include_all)
            self.stream.write(json_line(document) + "\n")
        else:
            lines = dot_lines if self.fmt is ReplyFormat.DOT else mermaid_lines
            for line in lines(self._count, graph, include_all=self.include_all):
                self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._count == 0:
            self._start()
        if self.fmt is ReplyFormat.DOT:
            self.stream.write("}\n")
        self.stream.flush()
