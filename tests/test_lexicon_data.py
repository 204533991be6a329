"""Checks of the lexicon data files in data/: shape, allowed values and spot entries.

Reads the TSV files directly with the csv module (no dipstat import), so a broken file is
reported here with its line even when the package itself cannot load it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

STANCES = frozenset(
    {
        "accuse",
        "criticize",
        "deny",
        "reject",
        "demand",
        "threaten",
        "support",
        "reassure",
        "comment",
    }
)
POS = frozenset({"verb", "noun", "prep", "phrase"})
FRAMES = frozenset(
    {
        "clause",
        "clause_or_object",
        "object",
        "object_as",
        "object_to",
        "object_of",
        "addressee_clause",
        "prep_object",
        "nominal",
        "according",
    }
)
MODIFIER_CLASSES = frozenset(
    {
        "negation",
        "future",
        "modal",
        "hedge",
        "intensifier",
        "auxiliary",
        "time",
        "pronoun_person",
        "pronoun_group",
        "anaphor",
        "determiner",
    }
)
POLARITIES = frozenset({"conflict", "cooperation", "neutral"})

COLUMNS = {
    "cues.tsv": ["cue", "forms", "pos", "frame", "stance", "cameo", "inverts"],
    "stance_cues.tsv": ["phrase", "stance", "weight", "note"],
    "modifiers.tsv": ["word", "class"],
    "cameo.tsv": ["cameo", "name", "goldstein", "stance", "note"],
    "stance_defaults.tsv": ["stance", "cameo", "goldstein", "polarity"],
}

# lower-case words (letters, digits, apostrophes, hyphens, dots) separated by single spaces
_FORM = re.compile(r"^[^\sA-Z]+( [^\sA-Z]+)*$")


def _comments(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [line for line in handle if line.startswith("#")]


def _table(name: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of every non-comment line, header row first."""
    rows: list[tuple[int, list[str]]] = []
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1)]
    for number, line in lines:
        text = line.rstrip("\r\n")
        if not text.strip() or text.startswith("#"):
            continue
        fields = next(csv.reader([text], delimiter="\t", quoting=csv.QUOTE_NONE))
        rows.append((number, fields))
    return rows


def _records(name: str) -> list[dict[str, str]]:
    rows = _table(name)
    header = rows[0][1]
    return [dict(zip(header, fields, strict=True)) for _, fields in rows[1:]]


@pytest.fixture(scope="module")
def cues() -> list[dict[str, str]]:
    return _records("cues.tsv")


@pytest.fixture(scope="module")
def cue_by_form(cues: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {form: row for row in cues for form in row["forms"].split("|")}


@pytest.fixture(scope="module")
def stance_cues() -> list[dict[str, str]]:
    return _records("stance_cues.tsv")


@pytest.fixture(scope="module")
def modifiers() -> list[dict[str, str]]:
    return _records("modifiers.tsv")


@pytest.fixture(scope="module")
def cameo() -> dict[str, dict[str, str]]:
    return {row["cameo"]: row for row in _records("cameo.tsv")}


@pytest.fixture(scope="module")
def defaults() -> list[dict[str, str]]:
    return _records("stance_defaults.tsv")


# --- shape of every file ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_utf8_and_header_comments(name: str) -> None:
    (DATA / name).read_bytes().decode("utf-8")  # raises on bad bytes
    comments = "".join(_comments(name))
    assert comments, f"{name}: no # header comments"
    assert "MIT" in comments, f"{name}: header comments do not state the licence"
    assert "Source" in comments, f"{name}: header comments do not state the sources"
    for column in COLUMNS[name]:
        assert column in comments, f"{name}: header comments do not explain column {column}"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_header_row_and_field_counts(name: str) -> None:
    rows = _table(name)
    assert rows[0][1] == COLUMNS[name], f"{name}: header row is {rows[0][1]}"
    width = len(COLUMNS[name])
    bad = [number for number, fields in rows[1:] if len(fields) != width]
    assert not bad, f"{name}: lines with other than {width} fields: {bad}"
    assert len(rows) > 1, f"{name}: no data rows"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_no_stray_whitespace(name: str) -> None:
    for number, fields in _table(name):
        for field in fields:
            assert field == field.strip(), f"{name}:{number}: whitespace around {field!r}"


# --- cues.tsv ----------------------------------------------------------------------------


def test_cue_values_allowed(cues: list[dict[str, str]], cameo: dict[str, dict[str, str]]) -> None:
    for row in cues:
        assert row["pos"] in POS, row
        assert row["frame"] in FRAMES, row
        assert row["stance"] in STANCES, row
        assert row["inverts"] in ("yes", "no"), row
        assert row["cameo"] in cameo, f"{row['cue']}: CAMEO {row['cameo']} not in cameo.tsv"


def test_cue_pos_and_frame_agree(cues: list[dict[str, str]]) -> None:
    for row in cues:
        assert (row["pos"] == "noun") == (row["frame"] == "nominal"), row
        if row["frame"] == "according":
            assert row["pos"] == "prep", row
        multiword = " " in row["cue"]
        if row["pos"] in ("verb", "noun"):
            assert not multiword, f"{row['cue']}: a multiword cue must be a phrase or prep"
        else:
            assert multiword, f"{row['cue']}: a one-word cue must be a verb or noun"


def test_cue_lemmas_unique(cues: list[dict[str, str]]) -> None:
    counts = Counter(row["cue"] for row in cues)
    assert not [c for c, n in counts.items() if n > 1]


def test_forms_well_formed(cues: list[dict[str, str]]) -> None:
    for row in cues:
        forms = row["forms"].split("|")
        assert all(forms), f"{row['cue']}: empty form"
        assert len(forms) == len(set(forms)), f"{row['cue']}: repeated form"
        for form in forms:
            assert form == form.lower(), f"{row['cue']}: {form!r} not lower case"
            assert _FORM.match(form), f"{row['cue']}: {form!r} has stray spaces or characters"


def test_no_form_in_two_rows(cues: list[dict[str, str]]) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for row in cues:
        for form in row["forms"].split("|"):
            if form in owner:
                clashes.append((form, owner[form], row["cue"]))
            owner[form] = row["cue"]
    assert not clashes, f"forms in two rows: {clashes}"


def test_cue_coverage(cues: list[dict[str, str]]) -> None:
    assert len(cues) >= 250
    assert {row["stance"] for row in cues} == STANCES


@pytest.mark.parametrize(
    ("form", "cue", "frame", "stance", "inverts"),
    [
        ("said", "say", "clause", "comment", "yes"),
        ("says", "say", "clause", "comment", "yes"),
        ("added", "add", "clause", "comment", "yes"),
        ("wrote", "write", "clause", "comment", "yes"),
        ("told", "tell", "addressee_clause", "comment", "no"),
        ("called on", "call on", "object_to", "demand", "no"),
        ("calling for", "call for", "prep_object", "demand", "no"),
        ("called", "call", "object_as", "comment", "no"),
        ("urged", "urge", "object_to", "demand", "yes"),
        ("denies", "deny", "clause_or_object", "deny", "no"),
        ("dismissed", "dismiss", "object_as", "criticize", "no"),
        ("rejected", "reject", "object", "reject", "no"),
        ("accused", "accuse", "object_of", "accuse", "no"),
        ("accusations", "accusation", "nominal", "accuse", "no"),
        ("according to", "according to", "according", "comment", "no"),
        ("criticised", "criticize", "object", "criticize", "no"),
        ("stated", "state", "clause", "comment", "yes"),
        ("stressed", "stress", "clause", "comment", "yes"),
        ("maintains", "maintain", "clause_or_object", "comment", "no"),
        ("weighed in", "weigh in", "clause", "comment", "no"),
        ("stands firm", "stand firm", "clause", "comment", "no"),
        ("described", "describe", "object_as", "comment", "no"),
        ("warned", "warn", "addressee_clause", "threaten", "yes"),
        ("welcomed", "welcome", "object", "support", "no"),
        ("assured", "assure", "addressee_clause", "reassure", "no"),
        ("ruled out", "rule out", "clause_or_object", "reject", "no"),
        ("shot back", "shoot back", "clause", "criticize", "yes"),
        ("remarks", "remarks", "nominal", "comment", "no"),
        ("expressed concern", "express concern", "prep_object", "criticize", "no"),
    ],
)
def test_cue_spot_checks(
    cue_by_form: dict[str, dict[str, str]],
    form: str,
    cue: str,
    frame: str,
    stance: str,
    inverts: str,
) -> None:
    row = cue_by_form.get(form)
    assert row is not None, f"{form!r} missing from cues.tsv"
    assert (row["cue"], row["frame"], row["stance"], row["inverts"]) == (
        cue,
        frame,
        stance,
        inverts,
    )


def test_cue_spot_cameo(cue_by_form: dict[str, dict[str, str]]) -> None:
    expected = {
        "said": "010",
        "denied": "016",
        "urged": "020",
        "demanded": "100",
        "criticized": "111",
        "accused": "112",
        "rejected": "120",
        "threatened": "130",
        "praised": "051",
        "pledged": "030",
    }
    got = {form: cue_by_form[form]["cameo"] for form in expected}
    assert got == expected


# --- stance_cues.tsv ---------------------------------------------------------------------


def test_stance_cue_values(stance_cues: list[dict[str, str]]) -> None:
    assert len(stance_cues) >= 200
    for row in stance_cues:
        phrase = row["phrase"]
        assert row["stance"] in STANCES, row
        assert row["weight"] in ("1.0", "0.5"), row
        assert phrase == phrase.lower(), row
        assert _FORM.match(phrase), f"{phrase!r} has stray spaces or characters"
        if "*" in phrase:
            assert phrase.endswith("*") and phrase.count("*") == 1, phrase
            assert " " not in phrase, f"{phrase!r}: prefix match works on single words only"
            assert len(phrase) >= 5, f"{phrase!r}: prefix too short to be safe"


def test_stance_cue_phrases_unique(stance_cues: list[dict[str, str]]) -> None:
    counts = Counter(row["phrase"] for row in stance_cues)
    assert not [p for p, n in counts.items() if n > 1]


@pytest.mark.parametrize(
    ("phrase", "stance"),
    [
        ("groundless", "deny"),
        ("baseless", "deny"),
        ("nothing to do with", "deny"),
        ("never directed against", "deny"),
        ("irresponsible", "criticize"),
        ("biased", "criticize"),
        ("interference", "criticize"),
        ("firmly opposes", "criticize"),
        ("provocat*", "criticize"),
        ("violation of", "accuse"),
        ("war crimes", "accuse"),
        ("countermeasure*", "threaten"),
        ("will not hesitate", "threaten"),
        ("stands ready to", "reassure"),
        ("poses no threat", "reassure"),
        ("welcomes", "support"),
        ("grateful", "support"),
        ("must", "demand"),
        ("unacceptable", "reject"),
        ("will never accept", "reject"),
    ],
)
def test_stance_cue_spot_checks(
    stance_cues: list[dict[str, str]], phrase: str, stance: str
) -> None:
    table = {row["phrase"]: row["stance"] for row in stance_cues}
    assert table.get(phrase) == stance


# --- modifiers.tsv -----------------------------------------------------------------------


def test_modifier_values(modifiers: list[dict[str, str]]) -> None:
    for row in modifiers:
        assert row["class"] in MODIFIER_CLASSES, row
        assert row["word"] == row["word"].lower(), row
        assert _FORM.match(row["word"]), row
    assert {row["class"] for row in modifiers} == MODIFIER_CLASSES


def test_modifier_pairs_unique(modifiers: list[dict[str, str]]) -> None:
    counts = Counter((row["word"], row["class"]) for row in modifiers)
    assert not [p for p, n in counts.items() if n > 1]


@pytest.mark.parametrize(
    ("word", "cls"),
    [
        ("not", "negation"),
        ("never", "negation"),
        ("didn't", "negation"),
        ("will", "future"),
        ("would", "future"),
        ("must", "modal"),
        ("reportedly", "hedge"),
        ("strongly", "intensifier"),
        ("has", "auxiliary"),
        ("also", "auxiliary"),
        ("monday", "time"),
        ("he", "pronoun_person"),
        ("they", "pronoun_group"),
        ("the", "determiner"),
    ],
)
def test_modifier_spot_checks(modifiers: list[dict[str, str]], word: str, cls: str) -> None:
    assert {"word": word, "class": cls} in modifiers


def test_us_is_not_a_pronoun(modifiers: list[dict[str, str]]) -> None:
    """Lookups are case-insensitive, so "us" would make the country "US" a pronoun."""
    assert not [row for row in modifiers if row["word"] == "us"]


# --- cameo.tsv and stance_defaults.tsv --------------------------------------------------


def test_cameo_rows(cameo: dict[str, dict[str, str]]) -> None:
    assert len(_records("cameo.tsv")) == len(cameo), "a CAMEO code appears twice"
    roots = {"01", "02", "03", "04", "05", "10", "11", "12", "13", "16"}
    for code, row in cameo.items():
        assert re.fullmatch(r"\d{2,4}", code), code
        assert code[:2] in roots, code
        assert row["name"], code
        assert row["stance"] in STANCES, row
        if row["goldstein"]:
            assert -10.0 <= float(row["goldstein"]) <= 10.0, row
    assert roots <= set(cameo)


@pytest.mark.parametrize(
    ("code", "stance", "goldstein"),
    [
        ("010", "comment", "0.0"),
        ("013", "comment", "0.4"),
        ("016", "deny", "-2.0"),
        ("020", "demand", "3.0"),
        ("030", "reassure", "4.0"),
        ("051", "support", "3.4"),
        ("100", "demand", "-5.0"),
        ("111", "criticize", "-2.0"),
        ("112", "accuse", "-2.0"),
        ("120", "reject", "-4.0"),
        ("130", "threaten", "-4.4"),
        ("163", "threaten", "-8.0"),
        ("1213", "reject", "-4.0"),
        ("1214", "reject", ""),
    ],
)
def test_cameo_spot_checks(
    cameo: dict[str, dict[str, str]], code: str, stance: str, goldstein: str
) -> None:
    assert (cameo[code]["stance"], cameo[code]["goldstein"]) == (stance, goldstein)


def test_cameo_notes_mark_icews_and_revisions(cameo: dict[str, dict[str, str]]) -> None:
    assert "ICEWS" in cameo["1213"]["note"]
    assert "REVISED" in cameo["013"]["note"]
    assert "REVISED" in cameo["163"]["note"]


def test_stance_defaults(defaults: list[dict[str, str]], cameo: dict[str, dict[str, str]]) -> None:
    stances = [row["stance"] for row in defaults]
    assert sorted(stances) == sorted(STANCES), "every stance exactly once"
    for row in defaults:
        assert row["cameo"] in cameo, row
        assert row["goldstein"] == cameo[row["cameo"]]["goldstein"], row
        assert row["polarity"] in POLARITIES, row
    polarity = {row["stance"]: row["polarity"] for row in defaults}
    assert polarity["comment"] == "neutral"
    assert polarity["support"] == polarity["reassure"] == "cooperation"
    for stance in ("accuse", "criticize", "deny", "reject", "demand", "threaten"):
        assert polarity[stance] == "conflict", stance
    codes = {row["stance"]: row["cameo"] for row in defaults}
    assert codes == {
        "accuse": "112",
        "criticize": "111",
        "deny": "016",
        "reject": "120",
        "demand": "020",
        "threaten": "130",
        "support": "051",
        "reassure": "030",
        "comment": "010",
    }


def test_default_codes_map_to_their_stance(
    defaults: list[dict[str, str]], cameo: dict[str, dict[str, str]]
) -> None:
    for row in defaults:
        assert cameo[row["cameo"]]["stance"] == row["stance"], row
