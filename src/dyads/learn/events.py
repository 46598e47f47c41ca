"""The packaged event model at inference: an ONNX sentence encoder and three small heads, in numpy.

One pass of the encoder over a batch of sentences gives every token a vector; the trigger head
reads a candidate's vector (with the sentence's mean vector and the rules' reading of it) and gives
the probability of each CAMEO root or of no event; the code head gives the full code within the
root; the role head reads a (trigger, actor mention) pair and gives source / target / neither.
Only onnxruntime, tokenizers and numpy are needed; the weights and labels are package data with a
manifest (`manifest.json`) saying what they were trained on and how well they did.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dyads.errors import InputError

__all__ = [
    "EncodedSentence",
    "EventModel",
    "default_model_dir",
    "first_subword",
    "load_event_model",
    "softmax",
]

MODEL_NAME = "dyads-event-1"
_MAX_TOKENS = 128
_BATCH = 8  # measured fastest on 2 cores: larger batches pad more


def default_model_dir() -> Path:
    """Return the folder of the packaged event model."""
    return Path(__file__).resolve().parent.parent / "data" / "models" / MODEL_NAME


def _gelu(x: np.ndarray) -> np.ndarray:
    """The tanh form of GELU, as the role head was trained with."""
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def softmax(x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Return the softmax of logits (last axis) at a temperature."""
    z = x / temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def first_subword(offsets: Sequence[tuple[int, int]], span: tuple[int, int]) -> int | None:
    """Return the index of the first word piece inside a character span (None: truncated away)."""
    start, end = span
    return next((j for j, (s, e) in enumerate(offsets) if e > s and e > start and s < end), None)


@dataclass(frozen=True, slots=True)
class EncodedSentence:
    """The encoder's token vectors of one sentence, with each token's character span."""

    vectors: np.ndarray  # (tokens, hidden), special tokens included
    mean: np.ndarray  # (hidden,) mean over the real tokens
    offsets: tuple[tuple[int, int], ...]

    def at(self, span: tuple[int, int]) -> np.ndarray | None:
        """Return the vector of the first subword in a character span (None when truncated away)."""
        j = first_subword(self.offsets, span)
        return None if j is None else np.asarray(self.vectors[j])


class EventModel:
    """The loaded event model: encoder session, tokenizer, heads and labels."""

    def __init__(self, folder: Path, manifest: dict[str, object] | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.folder = folder
        try:
            if manifest is None:
                manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            self.manifest = manifest
            labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
            heads = np.load(folder / "heads.npz")
        except (OSError, ValueError) as error:
            raise InputError(
                str(folder), f"not a trained event model ({error}); run `dyads train`"
            ) from error
        self.roots: list[str] = labels["roots"]  # index 0 is "none"
        self.codes: list[str] = labels["codes"]
        self.rule_vocab: dict[str, int] = {v: i for i, v in enumerate(labels["rules"])}
        self.roles: list[str] = labels["roles"]
        self.threshold = float(labels["threshold"])
        self.temperature = float(labels.get("temperature", 1.0))
        self.role_threshold = float(labels.get("role_threshold", 0.5))
        self.use_rules = bool(
            labels.get("use_rules", True)
        )  # False: a model trained without the rules' reading
        self.heads = {name: heads[name] for name in heads.files}
        self.code_roots = np.array([self.roots.index(c[:2]) for c in self.codes])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = int(labels.get("threads", 0)) or 0
        # Idle encoder threads must not spin: the parser needs the cores between two calls.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(folder / "encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._token_types = any(x.name == "token_type_ids" for x in self.session.get_inputs())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(_MAX_TOKENS)
        self.tokenizer.no_padding()

    @property
    def name(self) -> str:
        """Return the model's name and version ("dyads-event-1")."""
        return str(self.manifest.get("name", MODEL_NAME))

    def encode(self, texts: Sequence[str]) -> list[EncodedSentence]:
        """Return the encoder's vectors of each sentence, run in small batches of sentences of like length.

        Sorting by length keeps padding, most of the wasted work, small. The int8 encoder scales its
        activations over the whole batch, so a sentence's vectors shift slightly with its batch-mates:
        the coder calls this once per article, so an article always gives the same events.
        """
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encodings)), key=lambda i: (len(encodings[i].ids), i))
        found: dict[int, EncodedSentence] = {}
        for start in range(0, len(order), _BATCH):
            rows = order[start : start + _BATCH]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, i in enumerate(rows):
                ids[row, : len(encodings[i].ids)] = encodings[i].ids
                mask[row, : len(encodings[i].ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if self._token_types:
                feeds["token_type_ids"] = np.zeros_like(ids)
            (hidden,) = self.session.run(["hidden"], feeds)
            for row, i in enumerate(rows):
                real = hidden[row, : len(encodings[i].ids)]
                found[i] = EncodedSentence(real, real.mean(0), tuple(encodings[i].offsets))
        return [found[i] for i in range(len(encodings))]

    def _rule_index(self, value: str) -> int:
        if not self.use_rules:
            return self.rule_vocab["none"]
        return self.rule_vocab.get(value, self.rule_vocab["none"])

    def trigger_input(
        self, sentence: EncodedSentence, span: tuple[int, int], rule: str, pattern: str
    ) -> np.ndarray | None:
        """Return the trigger head's input for one candidate (None when the encoder never saw it)."""
        vector = sentence.at(span)
        if vector is None:
            return None
        return np.concatenate(
            [
                vector,
                sentence.mean,
                self.heads["rule_emb"][self._rule_index(rule)],
                self.heads["pattern_emb"][self._rule_index(pattern)],
            ]
        )

    def trigger_logits(self, inputs: np.ndarray) -> np.ndarray:
        """Return the trigger head's logits (no event, then each root) of candidate inputs."""
        return np.asarray(inputs @ self.heads["trigger_w"].T + self.heads["trigger_b"])

    def triggers(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (root probabilities, code probabilities) of candidate inputs, calibrated."""
        roots = softmax(self.trigger_logits(inputs), self.temperature)
        codes = softmax(inputs @ self.heads["code_w"].T + self.heads["code_b"])
        return roots, codes

    def code_for(self, root: int, codes: np.ndarray) -> tuple[str, float]:
        """Return the most likely full code within a root and its probability given the root."""
        within = np.where(self.code_roots == root, codes, 0.0)
        total = float(within.sum())
        if total <= 0.0:
            return self.roots[root] + "0", 0.0
        best = int(within.argmax())
        return self.codes[best], float(within[best] / total)

    def roles_of(
        self,
        sentence: EncodedSentence,
        trigger: tuple[int, int],
        actors: Sequence[tuple[int, int]],
        root: int,
    ) -> np.ndarray:
        """Return, for each actor mention, the probabilities of (neither, source, target) for one trigger."""
        t = sentence.at(trigger)
        rows: list[np.ndarray | None] = []
        for span in actors:
            a = sentence.at(span)
            if t is None or a is None:
                rows.append(None)
                continue
            rows.append(np.concatenate([t, a, t * a, self.heads["root_emb"][root]]))
        out = np.zeros((len(actors), len(self.roles)), dtype=np.float32)
        out[:, 0] = 1.0
        real = [i for i, row in enumerate(rows) if row is not None]
        if real:
            x = np.stack([row for row in rows if row is not None])
            h = _gelu(x @ self.heads["role_w1"].T + self.heads["role_b1"])
            out[real] = softmax(h @ self.heads["role_w2"].T + self.heads["role_b2"])
        return out


@lru_cache(maxsize=4)
def load_event_model(folder: str | None = None) -> EventModel:
    """Return the event model in a folder (the packaged one by default), loaded once per process."""
    path = Path(folder) if folder else default_model_dir()
    if not (path / "encoder.onnx").is_file():
        raise InputError(str(path), "no trained event model here; run `dyads train` (needs the train extra)")
    return EventModel(path)
