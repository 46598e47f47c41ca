"""A seeded generator of malformed inputs, mixed with a few good articles, for the bad-input tests.

`write_corpus(root, seed)` writes 10,000 malformed inputs: most are lines of a few JSONL files and items
of a few JSON arrays (cheap to reject), the rest are small files of every bad kind, plus one 50 MB file.
Each file is classed by what ingest must make of it:

    bad       every malformed input in it is a Problem, and the file gets one error line
    good      every article in it is stored exactly once; no error line
    either    garbage a reader may recover (odd encodings, right-to-left text): stored or reported,
              never a crash
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

BAD_INPUTS = 10_000
BIG_FILE_BYTES = 50 * 1024 * 1024

# Short good articles (the parser is the slow part): each names who did what to whom.
_ACTORS = ("France", "Germany", "Italy", "Spain", "Japan", "China", "Russia", "Brazil", "India", "Egypt")
_VERBS = ("criticized", "praised", "met", "accused", "thanked", "condemned")
_RTL = (
    "قالت وزارة الخارجية إن الوفد سيصل غدا إلى القاهرة لإجراء محادثات.",
    "שר החוץ נפגש היום עם עמיתו בירושלים כדי לדון בהסכם.",
    "France criticized Italy — قالت الوزارة — on Tuesday.",
)
_CONTROLS = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r")


@dataclass
class Corpus:
    """What was written under `root`, and what ingest must make of it."""

    root: Path
    malformed: int = 0  # malformed inputs written (files, lines and array items)
    must_fail: int = 0  # of them, those that must each become a Problem
    files: dict[str, str] = field(default_factory=dict)  # path → "bad" | "good" | "either"
    good_ids: set[str] = field(default_factory=set)  # articles that must be stored exactly once

    def add(self, name: str, data: bytes, kind: str) -> Path:
        """Write one file and record its class."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[str(path)] = kind
        return path


def _sentence(rng: random.Random) -> str:
    source, target = rng.sample(_ACTORS, 2)
    return f"{source} {rng.choice(_VERBS)} {target} on Tuesday."


def _good_record(rng: random.Random, index: int) -> dict[str, str]:
    return {"id": f"good-{index}", "title": f"Report {index}", "date": "2004-03-25", "text": _sentence(rng)}


def _wrong_shape(rng: random.Random) -> object:
    """Return a JSON value that parses but is no article record."""
    text = _sentence(rng)
    return rng.choice(
        [
            rng.randint(-(10**12), 10**12),
            text,
            [text],
            None,
            True,
            {"title": text},
            {"text": 42},
            {"text": [text]},
            {"text": {"body": text}},
            {"text": ""},
            {"text": " \t \n "},
            {"text": text, "title": 7},
            {"text": text, "id": [1, 2]},
            {"text": text, "id": True},
            {"text": text, "date": {"day": 1}},
            {"text": text, "url": False},
            {"text": rng.choice(_CONTROLS) * rng.randint(1, 50)},  # nothing left after cleaning
            {"text": "\u200b\ufeff\u00ad" * 5},
        ]
    )


def _bad_line(rng: random.Random) -> tuple[bytes, bool]:
    """Return one malformed JSONL line (without its newline), and whether it must be a Problem."""
    roll = rng.random()
    if roll < 0.35:
        whole = json.dumps(_good_record(rng, rng.randint(10**6, 10**7))).encode()
        return whole[: rng.randint(1, len(whole) - 1)], True  # truncated mid-record
    if roll < 0.75:
        return json.dumps(_wrong_shape(rng)).encode(), True
    if roll < 0.85:
        # Not UTF-8: a record written in latin-1 or cut inside a multi-byte character.
        return ('{"text": "Cr\u00e8me br\u00fbl\u00e9e diplomacy"}').encode("latin-1"), True
    if roll < 0.9:
        return rng.randbytes(rng.randint(1, 200)).replace(b"\n", b"").replace(b"\r", b"") or b"\x00", True
    if roll < 0.95:
        depth = rng.randint(2_000, 50_000)
        return b"[" * depth + b"]" * depth, True  # nested past Python's recursion limit
    return b'{"text": "' + b"\\u0000" * rng.randint(1, 30) + b'"}', True


def _jsonl_file(corpus: Corpus, rng: random.Random, name: str, lines: int, good_from: int) -> None:
    out: list[bytes] = []
    for index in range(lines):
        line, must = _bad_line(rng)
        out.append(line)
        corpus.malformed += 1
        corpus.must_fail += must
        if index % 500 == 250:
            record = _good_record(rng, good_from + index)
            out.append(json.dumps(record).encode())
            corpus.good_ids.add(record["id"])
    # The last line is cut off, as a write that stopped half-way leaves it.
    out.append(b'{"id": "never-finished", "text": "France crit')
    corpus.malformed += 1
    corpus.must_fail += 1
    corpus.add(name, b"\n".join(out), "bad")


def _json_array_file(corpus: Corpus, rng: random.Random, name: str, items: int) -> None:
    values = [rng.choice([1, "text", None, [], [1, 2], False, 3.5]) for _ in range(items)]
    corpus.malformed += items
    corpus.must_fail += items
    corpus.add(name, json.dumps(values).encode(), "bad")


_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
    "<script>var x = '<p>not text</p>';</script></head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>{title}</h1><p>{text}</p></article></body></html>"
)


def _small_file(corpus: Corpus, rng: random.Random, index: int) -> None:
    """Write one small malformed file of a random kind."""
    kind = rng.randrange(14)
    stem = f"small/{index // 500:02d}/f{index:05d}"
    sentence = _sentence(rng)
    cls = "bad"
    if kind == 0:
        data, name = rng.randbytes(rng.randint(16, 4096)) + b"\x00", f"{stem}.bin"
    elif kind == 1:
        data, name = rng.randbytes(rng.randint(16, 2048)) + b"\x00\x00", f"{stem}.txt"
    elif kind == 2:
        data, name = b"", rng.choice([f"{stem}.txt", f"{stem}.html", f"{stem}.json", f"{stem}.xml"])
    elif kind == 3:
        data, name = rng.choice([b" ", b"\n\n\t", b"\r\n" * 40]), f"{stem}.md"
    elif kind == 4:
        page = _PAGE.format(title="Talks", text=sentence).encode()
        # Cut inside <head>: no body text survives.
        data, name = page[: rng.randint(10, page.index(b"</head>"))], f"{stem}.html"
    elif kind == 5:
        data = rng.choice(
            [
                b"<?xml version='1.0'?><note><to>Tove</to><body>Hi</body></note>",
                b"<rss version='2.0'><channel><title>Cut",
                b"<?xml version='1.0'?>" + rng.randbytes(64).replace(b"\x00", b"x"),
                b"just some words in a feed file",
            ]
        )
        name = rng.choice([f"{stem}.xml", f"{stem}.rss", f"{stem}.atom"])
    elif kind == 6:
        data = rng.choice(
            [b'{"text": ', b"[1, 2", b'{"a": }', b"{" * 5000 + b"}" * 5000, b'"a string"', b"42"]
        )
        name = f"{stem}.json"
    elif kind == 7:
        noise = "".join(rng.choice(_CONTROLS) for _ in range(200))
        data, name = (sentence + noise).encode(), f"{stem}.txt"
    elif kind == 8:
        depth = rng.randint(300, 5_000)
        data = b"<html><body>" + b"<div>" * depth + b"</div>" * depth + b"</body></html>"
        name = f"{stem}.html"
    elif kind == 9:
        data = b"<html><head><title>T</title></head><body><script>alert(1)</script><style>p {}</style></body></html>"
        name = f"{stem}.htm"
    elif kind == 10:
        data, name = rng.randbytes(rng.randint(8, 512)).replace(b"\x00", b"") + b"\x00", f"{stem}"
    elif kind == 11:
        data = b"\xff\xfe" + rng.randbytes(rng.randrange(2, 64, 2))  # UTF-16 BOM, then noise
        name, cls = f"{stem}.txt", "either"
    elif kind == 12:
        data = b"\xef\xbb\xbf" + b"\xc3\x28\xa0\xa1" + b"\x00" * 4  # BOM, broken UTF-8, NULs
        name = f"{stem}.text"
    else:
        data = json.dumps({"items": [1, 2]}).encode()
        name = f"{stem}.json"
    corpus.malformed += 1
    corpus.must_fail += cls == "bad"
    corpus.add(name, data, cls)


def _either_files(corpus: Corpus, rng: random.Random) -> None:
    """Odd but readable texts: mixed encodings, right-to-left scripts, endless sentences."""
    for index, text in enumerate(_RTL):
        corpus.add(f"odd/rtl{index}.txt", text.encode("utf-8"), "either")
    mixed = "Fran\u00e7a criticou It\u00e1lia.".encode("latin-1") + " Россия осудила.".encode()
    corpus.add("odd/mixed.txt", mixed, "either")
    corpus.add("odd/utf16.txt", "Egypt thanked India.".encode("utf-16"), "either")
    corpus.add("odd/cp1252.txt", "Japan \u201cpraised\u201d Brazil.".encode("cp1252"), "either")
    words = ("France", "and", "the", "talks", "criticized", "Italy", "of", "new", "a", "on")
    endless = " ".join(rng.choice(words) for _ in range(1_700))[:10_000] + "."
    corpus.add("odd/endless.txt", endless.encode(), "either")
    corpus.malformed += 7


def write_corpus(root: Path, seed: int, *, small_files: int = 2_500) -> Corpus:
    """Write 10,000 malformed inputs and a few good articles under `root`; return what ingest must do."""
    rng = random.Random(seed)
    corpus = Corpus(root)
    # Good articles: a handful of files, and the same records again elsewhere (stored once).
    for index in range(4):
        text = f"Report {index}\n\n{_sentence(rng)}\n"
        path = corpus.add(f"good/article{index}.txt", text.encode(), "good")
        corpus.good_ids.add(path.name)
    records = [_good_record(rng, index) for index in range(100, 104)]
    corpus.good_ids.update(record["id"] for record in records)
    body = "\n".join(json.dumps(record) for record in records).encode()
    corpus.add("good/records.jsonl", body, "good")
    corpus.add("good/again/records.jsonl", body, "good")
    corpus.add("good/list.json", json.dumps(records[:2]).encode(), "good")
    page = _PAGE.format(title="Talks in Paris", text=_sentence(rng) + " " + _sentence(rng)).encode()
    corpus.add("good/page.html", page, "good")
    corpus.good_ids.add("page.html")

    # Too big: a 50 MB article (refused unread) and a 1 MB one (refused before it is parsed).
    corpus.add("big/huge.txt", b"France criticized Italy. " * (BIG_FILE_BYTES // 25), "bad")
    corpus.add("big/long.txt", b"Spain praised Japan. " * 50_000, "bad")
    long_record = json.dumps({"id": "too-long", "text": "Egypt met India. " * 30_000}).encode()
    corpus.add("big/long.jsonl", long_record, "bad")
    corpus.malformed += 3
    corpus.must_fail += 3

    _either_files(corpus, rng)
    for index in range(small_files):
        _small_file(corpus, rng, index)
    remaining = BAD_INPUTS - corpus.malformed
    arrays = remaining // 8
    for index in range(2):
        _json_array_file(corpus, rng, f"arrays/wrong{index}.json", arrays // 2)
    remaining = BAD_INPUTS - corpus.malformed
    for index in range(4):
        lines = remaining // 4 + (1 if index < remaining % 4 else 0) - 1  # -1: the cut-off last line
        _jsonl_file(corpus, rng, f"lines/batch{index}.jsonl", lines, good_from=100_000 * (index + 1))
    return corpus
