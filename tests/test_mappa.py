"""Label placement of the SVG map (rete.web.mappa): the boxes it reserves never overlap.

The browser suite (tests/browser/test_layout.py) measures the drawn labels on real data;
this checks the placement itself on crowds denser than any real corner of the map.
"""

from __future__ import annotations

import random

from rete.web import mappa


def _assert_apart(points: list[tuple[float, float, str]]) -> list[mappa.Etichetta]:
    labels = mappa.place_labels(points)
    assert len(labels) == len(points)
    boxes = [label.box for label in labels]
    dots = [mappa.Box(x - mappa.RADIUS, y - mappa.RADIUS, x + mappa.RADIUS, y + mappa.RADIUS)
            for x, y, _ in points]
    for i, box in enumerate(boxes):
        assert box.inside(mappa.WIDTH, mappa.HEIGHT), points[i][2]
        assert not any(box.overlaps(other) for other in boxes[i + 1:]), points[i][2]
        assert not any(box.overlaps(dot) for dot in dots), points[i][2]
    return labels


def test_two_neighbours_write_their_names_apart() -> None:
    """Cinisello Balsamo and Brugherio, as the real map draws them (first cause of issue 11)."""
    labels = _assert_apart([(324.1, 283.3, "Cinisello Balsamo"), (417.3, 291.4, "Brugherio"),
                            (349.1, 314.4, "Sesto San Giovanni")])
    assert labels[0].anchor == "end"  # Cinisello moves to the left of its dot


def test_crowds_of_twelve_comuni() -> None:
    """Twelve long names scattered over half the map, ten different ways."""
    for seed in range(10):
        rng = random.Random(seed)
        names = ["Comune di prova " + "x" * rng.randrange(0, 8) for _ in range(12)]
        _assert_apart([(rng.uniform(150, 490), rng.uniform(80, 400), name) for name in names])


def test_a_label_near_the_edge_turns_inwards() -> None:
    label, = _assert_apart([(mappa.WIDTH - 20, 200, "Besana in Brianza")])
    assert label.anchor == "end"


def test_no_free_place_still_keeps_every_label() -> None:
    points = [(320 + i, 240, f"Comune {i}") for i in range(30)]  # impossible: all on one spot
    assert len(mappa.place_labels(points)) == 30
