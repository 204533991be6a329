"""Checks on the shipped gazetteer data: data/actors.tsv and data/office_holders.tsv."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

# fmt: off
ORG_CODES = {
    "EU", "UN", "NATO", "AU", "ASEAN", "WHO", "IAEA", "OPEC", "G7", "G20", "SCO", "BRICS",
    "ICC", "IMF", "WTO", "OSCE", "ARAB_LEAGUE", "GCC",
}
TYPES = {
    "name", "short", "adjective", "capital", "seat", "institution", "org", "body", "office",
}
# fmt: on
RULES = {"", "prefer", "context"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_tsv(name: str) -> tuple[list[str], list[list[str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def actors() -> list[list[str]]:
    header, rows = read_tsv("actors.tsv")
    assert header == ["code", "type", "alias", "rule"]
    return rows


@pytest.fixture(scope="module")
def holders() -> list[list[str]]:
    header, rows = read_tsv("office_holders.tsv")
    assert header == ["name", "code", "role", "start", "end"]
    return rows


def iso_alpha3() -> set[str]:
    pycountry = pytest.importorskip("pycountry")
    return {c.alpha_3 for c in pycountry.countries}


def codes_of(actors: list[list[str]], alias: str) -> dict[str, str]:
    return {code: rule for code, _type, a, rule in actors if a == alias}


def test_actor_rows_well_formed(actors):
    known = iso_alpha3() | {"XKX"} | ORG_CODES
    assert len(actors) > 1000
    for row in actors:
        assert len(row) == 4, row
        code, type_, alias, rule = row
        assert type_ in TYPES, row
        assert rule in RULES, row
        assert code in known, row
        assert alias, row


def test_every_iso_code_has_a_name(actors):
    named = {code for code, type_, _alias, _rule in actors if type_ == "name"}
    missing = sorted(iso_alpha3() - named)
    assert not missing, missing


def test_shared_aliases_have_deciding_rules(actors):
    by_alias: dict[str, list[list[str]]] = defaultdict(list)
    for row in actors:
        by_alias[row[2]].append(row)
    for alias, rows in by_alias.items():
        if len({r[0] for r in rows}) > 1:
            assert all(r[3] for r in rows), (alias, rows)
            assert sum(r[3] == "prefer" for r in rows) <= 1, (alias, rows)


def test_no_duplicates_and_clean_aliases(actors):
    seen = set()
    for code, _type, alias, _rule in actors:
        assert (code, alias) not in seen, (code, alias)
        seen.add((code, alias))
        assert alias == alias.strip(), alias
        assert not alias.lower().startswith("the "), alias


def test_actor_rows_sorted(actors):
    keys = [(code, type_, alias) for code, type_, alias, _rule in actors]
    assert keys == sorted(keys)


def _bounds(date: str) -> tuple[str, str]:
    low = {4: "-01-01", 7: "-01"}.get(len(date), "")
    high = {4: "-12-31", 7: "-31"}.get(len(date), "")
    return date + low, date + high


def test_office_holders(holders, actors):
    codes = {row[0] for row in actors}
    for row in holders:
        assert len(row) == 5, row
        name, code, role, start, end = row
        assert name and role and name == name.strip(), row
        assert code in codes, row
        assert DATE.match(start), row
        assert end == "" or DATE.match(end), row
        if end:
            assert _bounds(start)[0] <= _bounds(end)[1], row


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Kremlin", "RUS"),
        ("Beijing", "CHN"),
        ("North Korean", "PRK"),
        ("White House", "USA"),
        ("European Union", "EU"),
        ("Taipei", "TWN"),
        ("Kosovo", "XKX"),
        ("U.S.", "USA"),
        ("Pentagon", "USA"),
        ("Ivory Coast", "CIV"),
    ],
)
def test_spot_checks_unambiguous(actors, alias, code):
    assert codes_of(actors, alias) == {code: ""}


@pytest.mark.parametrize(
    ("alias", "preferred"),
    [
        ("Brussels", "EU"),
        ("Korean", "KOR"),
        ("Foreign Office", "GBR"),
        ("Secretary-General", "UN"),
        ("Congo", "COD"),
    ],
)
def test_spot_checks_preferred(actors, alias, preferred):
    found = codes_of(actors, alias)
    assert found[preferred] == "prefer"
    assert len(found) > 1
    assert all(rule == "context" for code, rule in found.items() if code != preferred)


def test_spot_checks_office_holders(holders):
    by_name = defaultdict(set)
    for name, code, _role, _start, _end in holders:
        by_name[name].add(code)
    assert by_name["Xi Jinping"] == {"CHN"}
    assert by_name["Dmitry Peskov"] == {"RUS"}
    assert by_name["Antonio Guterres"] == {"UN"}
    assert by_name["Mark Rutte"] == {"NATO", "NLD"}


def test_territories_name_known_codes(actors):
    """Every territory and sovereign of data/territories.tsv is a code of the gazetteer,
    and no sovereign is itself a territory."""
    from dipstat.resources import default_resources

    sovereigns = default_resources().sovereigns
    codes = {row[0] for row in actors}
    assert sovereigns and set(sovereigns) <= codes and set(sovereigns.values()) <= codes
    assert not set(sovereigns.values()) & set(sovereigns)
