"""dipstat: who said what to whom in diplomatic news.

>>> from dipstat import analyze
>>> analysis = analyze("Beijing rejected the claim, the ministry said.")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dipstat.pipeline import analyze

__all__ = ["__version__", "analyze"]


def __getattr__(name: str) -> Any:
    # analyze is imported on first use (PEP 562): importing the pipeline loads NLTK,
    # a few hundred milliseconds that `dipstat --version` and `--help` need not pay.
    if name == "analyze":
        from dipstat.pipeline import analyze

        return analyze
    raise AttributeError(f"module 'dipstat' has no attribute {name!r}")
