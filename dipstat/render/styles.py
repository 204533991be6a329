"""Colours that mean the same in every renderer: conflict red, cooperation green,
neutral dim.  Keyed by :attr:`dipstat.model.Stance.polarity`."""

from __future__ import annotations

# rich styles for terminal output (tables, the reply tree).
STANCE_STYLES = {"conflict": "bold red", "cooperation": "bold green", "neutral": "dim"}
# The same meaning as colour names Graphviz and Mermaid understand.
STANCE_COLORS = {"conflict": "#cc0000", "cooperation": "#008800", "neutral": "#888888"}
KIND_STYLES = {"direct": "cyan", "indirect": "magenta", "mixed": "yellow"}
