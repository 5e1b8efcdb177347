"""The communes' map (issue 16 item 2) as a Vega-Lite spec: drawn from coordinates only (no tiles, topojson or
URL), a commune with nobody enrolled a small grey dot (not a red 0 %), the size legend whole numbers only."""

from __future__ import annotations

import json

from trainer.i18n import Translator
from trainer.ui.dashboard_view import commune_map


def _points(enrolled: list[int]) -> list[dict]:
    return [{"code": f"0{i}", "name": f"Xã {i}", "latitude": 22 + i / 100, "longitude": 105 + i / 100,
             "enrolled": e, "passed": e // 2, "share": (e // 2) / e if e else 0.0} for i, e in enumerate(enrolled)]


def test_nobody_enrolled_is_grey_and_the_size_legend_lists_whole_people():
    spec = commune_map(_points([0, 0, 2, 3]), "vi", Translator("vi")).to_dict()
    nobody, some = spec["layer"]
    assert nobody["transform"] == [{"filter": "datum.enrolled == 0"}] and nobody["mark"]["color"] == "#9e9e9e"
    assert "color" not in nobody.get("encoding", {})
    assert some["transform"] == [{"filter": "datum.enrolled > 0"}]
    assert some["encoding"]["size"]["legend"]["values"] == [2, 3]
    text = json.dumps(spec)
    assert "topojson" not in text and "http" not in text.replace("https://vega.github.io/schema", "")


def test_many_sizes_give_five_distinct_whole_numbers():
    spec = commune_map(_points(list(range(1, 40, 3))), "vi", Translator("vi")).to_dict()
    values = spec["layer"][1]["encoding"]["size"]["legend"]["values"]
    assert values == sorted(set(values)) and len(values) == 5 and all(isinstance(v, int) for v in values)
    assert values[0] == 1 and values[-1] == 37
