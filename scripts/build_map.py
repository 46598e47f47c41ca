"""Write the dashboard's country outlines (data/map/countries.geojson) from Natural Earth's 1:110m countries.

    python scripts/build_map.py ne_110m_admin_0_countries.shp

Natural Earth (naturalearthdata.com) is in the public domain. The 1:110m "Admin 0 – Countries"
shapefile, version 4.1.0, is the input; it is read with pyshp (`pip install pyshp`, only for this
script). Coordinates are rounded to 0.1° (the layer's own precision at that scale is about 0.1°),
rings of fewer than 4 points after rounding are dropped, and each feature keeps its ISO 3166 alpha-3
code and name.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "dyads" / "data" / "map" / "countries.geojson"


def _ring(points: list[tuple[float, float]]) -> list[list[float]]:
    rounded: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, 1), round(lat, 1)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded


def main() -> None:
    import shapefile  # pyshp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapefile", type=Path)
    args = parser.parse_args()
    reader = shapefile.Reader(str(args.shapefile))
    names = [field[0] for field in reader.fields[1:]]
    features = []
    for shape, record in zip(reader.shapes(), reader.records(), strict=True):
        row = dict(zip(names, record, strict=True))
        parts = [*shape.parts, len(shape.points)]
        rings = [_ring(shape.points[a:b]) for a, b in zip(parts, parts[1:], strict=False)]
        rings = [ring for ring in rings if len(ring) >= 4]
        if not rings:
            continue
        code = row.get("ISO_A3") if row.get("ISO_A3") not in (None, "-99") else row.get("ADM0_A3")
        features.append(
            {
                "type": "Feature",
                "properties": {"iso3": code, "name": row.get("NAME")},
                "geometry": {"type": "MultiLineString", "coordinates": rings},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 – Countries 4.1.0 (public domain), rounded to 0.1°",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(features)} countries → {OUT} ({OUT.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
