import datetime as dt

from dyads.actors.petrarch import read_actors, read_agents

ACTORS = """<!-- a comment
spanning lines -->
GONDOR [GON]
+MINAS_TIRITH
SMEAGOL  # the dated one
+SLINKER
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
"""

AGENTS = """!PERSON! = MAN, MEN
CONGRESS!PERSON! [~LEG]
MSF {}  [NGO~] # prefix
POLICE {} [ ~COP]
"""


def test_read_actors_synonyms_share_codes(tmp_path):
    path = tmp_path / "actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    pairs = read_actors(path)
    codes = {(phrase, entry.code) for phrase, entry in pairs}
    assert ("GONDOR", "GON") in codes and ("MINAS TIRITH", "GON") in codes
    slinker = [entry for phrase, entry in pairs if phrase == "SLINKER"]
    assert [e.code for e in slinker] == ["HOB", "HOBGOV", "HOBREB"]
    assert slinker[0].end == dt.date(1995, 6, 1)
    assert slinker[1].start == dt.date(1995, 6, 1) and slinker[1].end == dt.date(1999, 8, 15)
    assert slinker[2].start == dt.date(1999, 8, 16)
    assert pairs[0][1].origin.endswith("actors.txt:3")


def test_read_agents_roles_macros_and_prefixes(tmp_path):
    path = tmp_path / "agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    roles = {phrase: entry.code for phrase, entry in read_agents(path)}
    assert roles["CONGRESSMAN"] == "LEG" and roles["CONGRESSMEN"] == "LEG"
    assert roles["MSF"] == "NGO~"
    assert roles["POLICE"] == "COP"
