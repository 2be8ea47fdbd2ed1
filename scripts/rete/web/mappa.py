"""An SVG map of the comuni from their coordinates: no tiles, no third-party requests.

An equirectangular projection corrected by the cosine of the mean latitude is exact enough
for a few dozen kilometres of Brianza, and keeps the page a few kilobytes. Neighbouring
comuni (Cinisello Balsamo and Brugherio, Lissone and Muggiò) would write their names over
each other, so each label takes the first of several places around its dot that overlaps no
other label, no dot and stays inside the map (`place_labels`).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN = 640, 480, 60
RADIUS = 7
FONT_SIZE = 16  # written on the <svg>, so the boxes estimated here match what is drawn
# Text boxes are estimated, not measured: generous enough for the system sans-serif fonts
# (DejaVu Sans, the widest common one, averages about 0.6 em a character).
CHAR_WIDTH = 0.62 * FONT_SIZE
LINE_HEIGHT = 1.3 * FONT_SIZE
GAP = 3


@dataclass(frozen=True)
class Punto:
    slug: str
    nome: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in map units."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height

    def overlap_area(self, other: Box) -> float:
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w * h if w > 0 and h > 0 else 0.0


@dataclass(frozen=True)
class Etichetta:
    """Where a label is written: the text's anchor point and alignment, and its box."""

    x: float
    y: float
    anchor: str  # SVG text-anchor: start, middle or end
    box: Box
    leader: bool = False  # far from its dot: a thin line joins them


def _label(px: float, py: float, text_width: float, dx: float, dy: float) -> Etichetta:
    """A label beside the dot at (px, py), pushed by (dx, dy) in units of the free gap."""
    half_h = LINE_HEIGHT / 2
    # Horizontal: right of the dot, left of it, or centred on it.
    if dx > 0:
        left, anchor = px + RADIUS + GAP, "start"
    elif dx < 0:
        left, anchor = px - RADIUS - GAP - text_width, "end"
    else:
        left, anchor = px - text_width / 2, "middle"
    # Vertical: level with the dot, or above or below it (further when centred on it).
    reach = (RADIUS + GAP + half_h) if dx == 0 else half_h * 1.1
    centre = py + dy * reach
    box = Box(left, centre - half_h, left + text_width, centre + half_h)
    x = {"start": left, "end": left + text_width, "middle": px}[anchor]
    # The baseline sits about a third of the line below the box's centre.
    return Etichetta(x, centre + FONT_SIZE * 0.35, anchor, box, leader=abs(dy) >= 2)


# Places tried around each dot, best first: right, left, above, below, then diagonals, then
# further up and down on either side (joined to the dot by a leader line).
CANDIDATES = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1),
              (1, -2), (1, 2), (-1, -2), (-1, 2), (0, -2), (0, 2),
              (1, -3), (1, 3), (-1, -3), (-1, 3), (0, -3), (0, 3))


def place_labels(points: list[tuple[float, float, str]],
                 width: float = WIDTH, height: float = HEIGHT) -> list[Etichetta]:
    """One label per (x, y, text), none overlapping another label or any dot.

    Greedy, most crowded dot first (it has the fewest free places); a dot whose every place
    collides takes the one with the least overlap, so a label is never dropped.
    """
    dots = [Box(x - RADIUS - 1, y - RADIUS - 1, x + RADIUS + 1, y + RADIUS + 1)
            for x, y, _ in points]

    def crowding(i: int) -> float:
        x, y, _ = points[i]
        return sum(1 / (1 + math.hypot(x - ox, y - oy)) for j, (ox, oy, _) in enumerate(points)
                   if j != i)

    placed: dict[int, Etichetta] = {}
    for i in sorted(range(len(points)), key=lambda i: (-crowding(i), points[i][2])):
        x, y, text = points[i]
        text_width = len(text) * CHAR_WIDTH
        options = [_label(x, y, text_width, dx, dy) for dx, dy in CANDIDATES]
        obstacles = dots + [label.box for label in placed.values()]

        def cost(label: Etichetta, obstacles: list[Box] = obstacles) -> float:
            clash = sum(label.box.overlap_area(o) for o in obstacles)
            outside = 0.0 if label.box.inside(width, height) else 1e6
            return clash + outside

        free = [o for o in options if cost(o) == 0]
        placed[i] = free[0] if free else min(options, key=cost)
    return [placed[i] for i in range(len(points))]


def svg(punti: list[Punto], href: str = "{slug}/") -> str:
    if not punti:
        return '<p>Nessun comune con coordinate.</p>'
    mean_lat = sum(p.lat for p in punti) / len(punti)
    kx = math.cos(math.radians(mean_lat))
    xs = [p.lon * kx for p in punti]
    ys = [p.lat for p in punti]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    scale = min(WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN) / span
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    ordered = sorted(zip(punti, xs, ys, strict=True), key=lambda t: t[0].nome)
    at = [(WIDTH / 2 + (x - cx) * scale, HEIGHT / 2 - (y - cy) * scale) for _, x, y in ordered]
    labels = place_labels([(px, py, p.nome) for (p, _, _), (px, py) in zip(ordered, at,
                                                                           strict=True)])
    parts = [f'<svg class="rete-mappa__svg" viewBox="0 0 {WIDTH} {HEIGHT}" font-size="{FONT_SIZE}" '
             'role="group" '
             'aria-label="Mappa dei comuni della Rete" xmlns="http://www.w3.org/2000/svg">']
    for (punto, _, _), (px, py), label in zip(ordered, at, labels, strict=True):
        name = html.escape(punto.nome)
        leader = ""
        if label.leader:
            box = label.box
            tx = min(max(px, box.left), box.right)
            ty = box.bottom if box.bottom < py else box.top
            leader = f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{tx:.1f}" y2="{ty:.1f}"/>'
        parts.append(
            f'<a href="{href.format(slug=punto.slug)}"><title>{name}</title>{leader}'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{RADIUS}"/>'
            f'<text x="{label.x:.1f}" y="{label.y:.1f}" text-anchor="{label.anchor}">'
            f'{name}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
