"""Compare model families for sentence-level event detection (the CAMEO roots a sentence reports) on dev.

    python scripts/explore_models.py linear
    python scripts/explore_models.py transformer --model-dir DIR   (needs `pip install -e '.[train]'`)

Trains on the train split of annotations/ (synthetic sentences included), scores on dev only: the
test split is never read here. Prints micro-F1 over (sentence, root) pairs, macro-F1 over roots,
any-event F1, sentences per second at prediction, and the model's size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from dyads.annotations.folder import default_folder, load_annotations
from dyads.corpus import find_shared
from dyads.learn.data import ROOTS, Example, examples


def _labels(items: list[Example]) -> np.ndarray:
    return np.array([[root in e.roots for root in ROOTS] for e in items], dtype=np.float32)


def _scores(gold: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = (gold * pred).sum(0)
    fp = ((1 - gold) * pred).sum(0)
    fn = (gold * (1 - pred)).sum(0)
    micro = 2 * tp.sum() / max(1.0, 2 * tp.sum() + fp.sum() + fn.sum())
    support = gold.sum(0) > 0
    per_root = 2 * tp / np.maximum(1.0, 2 * tp + fp + fn)
    any_gold, any_pred = gold.max(1), pred.max(1)
    any_tp = (any_gold * any_pred).sum()
    any_f1 = (
        2
        * any_tp
        / max(1.0, 2 * any_tp + ((1 - any_gold) * any_pred).sum() + (any_gold * (1 - any_pred)).sum())
    )
    return {
        "micro_f1": float(micro),
        "macro_f1": float(per_root[support].mean()),
        "any_event_f1": float(any_f1),
    }


def _best_threshold(gold: np.ndarray, proba: np.ndarray) -> float:
    return max(
        (t / 20 for t in range(2, 16)),
        key=lambda t: _scores(gold, (proba >= t).astype(np.float32))["micro_f1"],
    )


def linear(train: list[Example], dev: list[Example]) -> tuple[np.ndarray, float, int]:
    """TF-IDF word and character n-grams, one logistic regression per root."""
    import pickle

    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True, max_features=150000
    )
    texts = [e.text for e in train]
    x = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    model = OneVsRestClassifier(LogisticRegression(C=10, max_iter=3000, class_weight="balanced"), n_jobs=2)
    model.fit(x, _labels(train))
    start = time.perf_counter()
    dev_x = hstack([words.transform([e.text for e in dev]), chars.transform([e.text for e in dev])]).tocsr()
    proba = model.predict_proba(dev_x)
    rate = len(dev) / (time.perf_counter() - start)
    size = len(pickle.dumps((words, chars, model)))
    return proba, rate, size


def transformer(
    train: list[Example], dev: list[Example], model_dir: str, epochs: int, lr: float
) -> tuple[np.ndarray, float, int]:
    """A small pretrained encoder fine-tuned with one sigmoid output per root."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(19)
    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    encoder = AutoModel.from_pretrained(model_dir)
    head = torch.nn.Linear(encoder.config.hidden_size, len(ROOTS))
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    labels = torch.tensor(_labels(train))
    texts = [e.text for e in train]
    order = np.random.default_rng(19)

    def encode(batch: list[str]) -> torch.Tensor:
        tokens = tokenizer(batch, padding=True, truncation=True, max_length=96, return_tensors="pt")
        out = encoder(**tokens).last_hidden_state
        mask = tokens["attention_mask"].unsqueeze(-1).float()
        pooled = (out * mask).sum(1) / mask.sum(1)
        return head(pooled)

    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.full((len(ROOTS),), 3.0))
    steps = epochs * ((len(texts) + 15) // 16)
    scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, 1.0, 0.05, total_iters=steps)
    encoder.train()
    for epoch in range(epochs):
        index = order.permutation(len(texts))
        began = time.perf_counter()
        for at in range(0, len(texts), 16):
            batch = index[at : at + 16]
            loss = loss_fn(encode([texts[i] for i in batch]), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
        print(
            f"epoch {epoch + 1}: {time.perf_counter() - began:.0f} s, last loss {loss.item():.3f}",
            file=sys.stderr,
        )
    encoder.eval()
    start = time.perf_counter()
    with torch.no_grad():
        proba = torch.cat(
            [torch.sigmoid(encode([e.text for e in dev[at : at + 64]])) for at in range(0, len(dev), 64)]
        )
    rate = len(dev) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        torch.save({"encoder": encoder.state_dict(), "head": head.state_dict()}, Path(tmp) / "m.pt")
        size = os.path.getsize(Path(tmp) / "m.pt")
    return proba.numpy(), rate, size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("family", choices=["linear", "transformer"])
    parser.add_argument("--model-dir", help="a local pretrained encoder (transformer family)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5, help="learning rate (transformer family)")
    parser.add_argument(
        "--fraction", type=float, default=1.0, help="train on this share of the training data"
    )
    args = parser.parse_args()
    items = examples(load_annotations(default_folder()), find_shared())
    train = [e for e in items if e.split == "train"]
    if args.fraction < 1:
        rng = np.random.default_rng(19)
        train = [
            train[i] for i in sorted(rng.choice(len(train), int(len(train) * args.fraction), replace=False))
        ]
    dev = [e for e in items if e.split == "dev"]
    began = time.perf_counter()
    if args.family == "linear":
        proba, rate, size = linear(train, dev)
    else:
        if not args.model_dir:
            sys.exit("--model-dir is needed for the transformer family")
        proba, rate, size = transformer(train, dev, args.model_dir, args.epochs, args.lr)
    gold = _labels(dev)
    threshold = _best_threshold(gold, proba)
    scores = _scores(gold, (proba >= threshold).astype(np.float32))
    at_half = _scores(gold, (proba >= 0.5).astype(np.float32))
    print(
        f"{args.family}{f' (lr {args.lr:g}, {args.epochs} epochs)' if args.family == 'transformer' else ''}: train {len(train)} sentences, dev {len(dev)}; threshold {threshold:.2f}: "
        f"micro-F1 {scores['micro_f1']:.3f}, macro-F1 {scores['macro_f1']:.3f}, any-event F1 {scores['any_event_f1']:.3f} "
        f"(at 0.5: micro {at_half['micro_f1']:.3f}); {rate:.0f} sentences/s; {size / 1e6:.1f} MB; "
        f"{time.perf_counter() - began:.0f} s in all"
    )


if __name__ == "__main__":
    main()
