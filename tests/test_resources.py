"""Every shipped data file loads, and the files agree with each other (and with ../shared/reference)."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import SHARED
from dyads.coding.cameo import cameo_table
from dyads.coding.plover import plover_for, plover_table
from dyads.coding.verbs import NO_EVENT, default_lexicon
from dyads.errors import DataFileError
from dyads.resources import data_path, read_table, read_user_table, word_list, word_set

CODE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")
WORD_FILES = ("actors/words.tsv", "coding/words.tsv")


def test_cameo_table_is_complete_and_in_range():
    table = cameo_table()
    assert len(table) == 318
    for code, entry in table.items():
        assert entry.quadclass == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2}.get(
            int(code[:2]), 3 if int(code[:2]) <= 13 else 4
        )
        assert entry.goldstein is None or -10 <= entry.goldstein <= 10


def test_cameo_table_matches_reference_when_present():
    reference = SHARED / "reference" / "cameo_codes.tsv"
    if not reference.exists():
        pytest.skip("../shared/reference is absent")
    table = cameo_table()
    with reference.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            entry = table[row["code"]]
            assert entry.quadclass == int(row["quadclass"])
            if row["goldstein"]:
                assert entry.goldstein == pytest.approx(float(row["goldstein"]))


def test_every_cameo_code_maps_to_plover_row():
    plover = plover_table()
    assert set(cameo_table()) <= set(plover)


def test_plover_falls_back_to_parent_code():
    assert plover_for("1121").type == plover_for("112").type


def test_every_pattern_code_exists_and_every_code_has_a_pattern():
    lexicon = default_lexicon()
    codes = {p.code for group in (*lexicon.verbs.values(), *lexicon.nouns.values()) for p in group} - {
        NO_EVENT
    }
    assert codes <= set(cameo_table())
    missing = set(cameo_table()) - codes - {code for code in cameo_table() if len(code) == 2}
    assert not missing, f"CAMEO codes with no pattern: {sorted(missing)}"


def test_frames_cover_every_frame_with_a_default():
    lexicon = default_lexicon()
    for frame in ("intent", "appeal", "demand", "threaten", "reject", "halt"):
        assert lexicon.frame_code(frame, None) in cameo_table()


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("actors/countries.tsv", "code"),
        ("actors/demonyms.tsv", "code"),
        ("actors/institutions.tsv", "code"),
        ("actors/organizations.tsv", "code"),
        ("actors/people.tsv", "code"),
    ],
)
def test_actor_codes_are_cameo_shaped(name, column):
    rows = read_table(name)
    assert rows
    bad = [row.origin for row in rows if not CODE.match(row[column])]
    assert not bad, f"malformed codes at {bad[:5]}"


def test_roles_are_three_letters():
    bad = [row.origin for row in read_table("actors/roles.tsv") if not re.fullmatch(r"[A-Z]{3}", row["role"])]
    assert not bad


def test_user_table_error_names_file_and_line(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("phrase\tcode\nGondor\tGON\textra\tcolumns\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mine\.tsv:2: 4 columns but the header has 2"):
        read_user_table(path)


def test_rows_keep_their_origin():
    row = read_table("actors/roles.tsv")[0]
    assert re.fullmatch(r"actors/roles\.tsv:\d+", row.origin)


def _set_names(name):
    return sorted({row["set"] for row in read_table(name, ("set", "item"))})


@pytest.mark.parametrize(
    ("name", "set_name"), [(name, set_name) for name in WORD_FILES for set_name in _set_names(name)]
)
def test_word_sets_are_nonempty_without_duplicates(name, set_name):
    items = word_list(name, set_name)
    assert items
    assert len(set(items)) == len(items), f"{name}: {set_name} lists an item twice"
    assert all(item == item.strip() and "\t" not in item for item in items)


@pytest.mark.parametrize("name", WORD_FILES)
def test_word_set_codes_exist_in_cameo(name):
    table = cameo_table()
    roles = word_set("actors/words.tsv", "actor_roles")
    for set_name in _set_names(name):
        items = word_set(name, set_name)
        if set_name.endswith("_codes"):
            assert items <= set(table), f"{name}: {set_name} has unknown codes {sorted(items - set(table))}"
        elif set_name.endswith("_roots"):
            assert all(len(item) == 2 and item in table for item in items), f"{name}: {set_name}"
        elif set_name.endswith("_roles"):
            assert items <= roles, f"{name}: {set_name} has unknown roles {sorted(items - roles)}"


def test_word_set_actor_roles_cover_the_role_dictionary():
    used = {row["role"] for row in read_table("actors/roles.tsv", ("role",))}
    assert used <= word_set("actors/words.tsv", "actor_roles")


def test_word_set_force_roots_hold_the_violent_roots():
    assert word_set("coding/words.tsv", "violent_roots") < word_set("coding/words.tsv", "force_roots")


@pytest.mark.parametrize("name", WORD_FILES)
def test_word_sets_are_all_used_by_the_code(name):
    source = "\n".join(path.read_text(encoding="utf-8") for path in data_path("..").rglob("*.py"))
    unused = [set_name for set_name in _set_names(name) if f'"{set_name}"' not in source]
    assert not unused, f"{name}: sets no module asks for: {unused}"


def test_word_list_keeps_file_order():
    assert word_list("coding/words.tsv", "noun_source_preps") == ("by", "from")


def test_word_set_keeps_multiword_items():
    assert "fighter jet" in word_set("actors/words.tsv", "weapons")


def test_word_set_missing_set_names_file_and_set():
    with pytest.raises(
        DataFileError, match=r"^coding/words\.tsv: no set 'no_such_set' \(the file has .*reciprocal_codes"
    ):
        word_set("coding/words.tsv", "no_such_set")
