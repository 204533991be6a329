"""Errors dipstat raises on purpose; the CLI maps them to exit codes and one-line messages."""

from __future__ import annotations


class DipstatError(Exception):
    """Base class: a problem with the user's input or environment, not a bug."""


class InputError(DipstatError):
    """An article cannot be read or decoded (missing, binary, undecodable, too large)."""


class DataError(DipstatError):
    """A lexicon or gazetteer file is missing or malformed; the message names file and line."""


class GoldError(DipstatError):
    """A gold annotation or prediction file does not follow dipstat/1."""
