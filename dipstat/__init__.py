"""dipstat: who said what to whom in diplomatic news.

>>> from dipstat import analyze
>>> analysis = analyze("Beijing rejected the claim, the ministry said.")
"""

from __future__ import annotations

__version__ = "0.1.0"

from dipstat.pipeline import analyze

__all__ = ["__version__", "analyze"]
