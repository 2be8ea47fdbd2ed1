"""An SVG map of the comuni from their coordinates: no tiles, no third-party requests.

An equirectangular projection corrected by the cosine of the mean latitude is exact enough
for a few dozen kilometres of Brianza, and keeps the page a few kilobytes.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN = 640, 480, 60


@dataclass(frozen=True)
class Punto:
    slug: str
    nome: str
    lat: float
    lon: float


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
    parts = [f'<svg class="rete-mappa__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
             'aria-label="Mappa dei comuni della Rete" xmlns="http://www.w3.org/2000/svg">']
    for punto, x, y in sorted(zip(punti, xs, ys, strict=True), key=lambda t: t[0].nome):
        px = WIDTH / 2 + (x - cx) * scale
        py = HEIGHT / 2 - (y - cy) * scale
        name = html.escape(punto.nome)
        anchor = "end" if px > WIDTH - 2 * MARGIN else "start"
        dx = -9 if anchor == "end" else 9
        parts.append(
            f'<a href="{href.format(slug=punto.slug)}"><title>{name}</title>'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="7"/>'
            f'<text x="{px + dx:.1f}" y="{py + 4:.1f}" text-anchor="{anchor}">{name}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
