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
from dyads.resources import read_table, read_user_table

CODE = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")


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
