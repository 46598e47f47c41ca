import pytest

from dyads.coding.verbs import parse_pattern
from dyads.errors import DataFileError


def test_parse_pattern_reads_every_piece():
    pattern = parse_pattern(
        "impose +up [sanction|embargo] (resolution) {on|against} {by:S}", "163", "verbs/x.tsv:3"
    )
    assert pattern.trigger == "impose"
    assert not pattern.noun
    assert pattern.particle == "up"
    assert pattern.objects == {"sanction", "embargo"}
    assert pattern.pobjs == {"resolution"}
    assert pattern.target_preps == {"on", "against"}
    assert pattern.source_preps == {"by"}
    assert pattern.code == "163"


def test_parse_pattern_noun_trigger():
    pattern = parse_pattern("~fire {from:S}", "111", "verbs/x.tsv:4")
    assert pattern.noun and pattern.trigger == "fire"
    assert pattern.source_preps == {"from"} and not pattern.target_preps


def test_parse_pattern_more_pieces_are_more_specific():
    plain = parse_pattern("meet", "040", "f:1")
    with_prep = parse_pattern("meet {with}", "040", "f:2")
    with_object = parse_pattern("hold [talk] {with}", "040", "f:3")
    assert plain.specificity < with_prep.specificity < with_object.specificity


@pytest.mark.parametrize("text", ["criticize %bad%", "meet [unclosed", ""])
def test_parse_pattern_malformed_names_file_and_line(text):
    with pytest.raises(DataFileError, match=r"verbs/x\.tsv:7"):
        parse_pattern(text, "111", "verbs/x.tsv:7")


def test_parse_pattern_angle_object_is_target():
    pattern = parse_pattern("call <ambassador|envoy>", "040", "f:5")
    assert pattern.objects == {"ambassador", "envoy"}
    assert pattern.object_is_target
    assert not parse_pattern("express [regret]", "055", "f:6").object_is_target


def test_parse_pattern_complement_piece():
    pattern = parse_pattern("order <diplomat> ^leave|quit", "161", "f:7")
    assert pattern.complements == {"leave", "quit"}
    assert pattern.specificity > parse_pattern("order <diplomat>", "161", "f:8").specificity


def test_role_sense_rows_are_checked():
    from dyads.coding.cameo import cameo_table
    from dyads.coding.verbs import _role_sense
    from dyads.resources import Row

    row = {"code": "051", "triggers": "back", "side": "target", "roles": "MIL", "cameo": "062", "note": ""}
    assert _role_sense(Row(row, "verbs/role_senses.tsv:6"), cameo_table()) == (
        "051",
        frozenset({"back"}),
        "target",
        frozenset({"MIL"}),
        "062",
    )
    with pytest.raises(DataFileError, match="side 'object'"):
        _role_sense(Row({**row, "side": "object"}, "verbs/role_senses.tsv:7"), cameo_table())
    with pytest.raises(DataFileError, match="unknown CAMEO code '999'"):
        _role_sense(Row({**row, "cameo": "999"}, "verbs/role_senses.tsv:8"), cameo_table())
