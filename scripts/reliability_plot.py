"""Draw the event model's reliability diagram (dev) as an SVG, from the reliability table in its manifest.

    python scripts/reliability_plot.py [MODEL_DIR] [-o docs/reliability.svg]

Each bar is one bin of the model's calibrated probability: its height is the share of the reported
events in the bin that were right (same sentence, same CAMEO root as a gold event); the diagonal is
perfect calibration. The bin's event count is written above its bar.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dyads.learn.events import default_model_dir

_W, _H, _PAD = 420, 420, 50


def _x(value: float) -> float:
    return _PAD + value * (_W - 2 * _PAD)


def _y(value: float) -> float:
    return _H - _PAD - value * (_H - 2 * _PAD)


def svg(manifest: dict[str, object]) -> str:
    """Return the SVG of the manifest's dev reliability table."""
    dev = manifest["dev"]
    assert isinstance(dev, dict)
    bins = dev["reliability"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" font-family="sans-serif" font-size="11">',
        f'<rect width="{_W}" height="{_H}" fill="white"/>',
        f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(1)}" stroke="#999" stroke-dasharray="4 3"/>',
        f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(0)}" stroke="black"/>',
        f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(0)}" y2="{_y(1)}" stroke="black"/>',
    ]
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        parts.append(f'<text x="{_x(tick)}" y="{_y(0) + 16}" text-anchor="middle">{tick:.1f}</text>')
        parts.append(f'<text x="{_x(0) - 8}" y="{_y(tick) + 4}" text-anchor="end">{tick:.1f}</text>')
    for b in bins:
        low, high = b["bin"]
        left, right = _x(low) + 2, _x(high) - 2
        top = _y(b["accuracy"])
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{_y(0) - top:.1f}" fill="#4a7ab5"/>'
        )
        parts.append(
            f'<circle cx="{_x(b["confidence"]):.1f}" cy="{_y(b["confidence"]):.1f}" r="3" fill="#d9822b"/>'
        )
        parts.append(
            f'<text x="{(left + right) / 2:.1f}" y="{top - 4:.1f}" text-anchor="middle">{b["events"]}</text>'
        )
    title = f"{manifest.get('name')} on dev: ECE {dev['ece']:.3f}"
    parts.append(f'<text x="{_W / 2}" y="22" text-anchor="middle" font-size="13">{title}</text>')
    parts.append(
        f'<text x="{_W / 2}" y="{_H - 12}" text-anchor="middle">calibrated probability of the reported root</text>'
    )
    parts.append(
        f'<text x="14" y="{_H / 2}" text-anchor="middle" transform="rotate(-90 14 {_H / 2})">share right</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    """Read the manifest and write the SVG."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("model", nargs="?", type=Path, default=default_model_dir())
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/reliability.svg"))
    args = parser.parse_args()
    manifest = json.loads((args.model / "manifest.json").read_text(encoding="utf-8"))
    args.output.write_text(svg(manifest), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
