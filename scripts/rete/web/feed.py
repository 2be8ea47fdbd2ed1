"""Atom feed of new and updated practices, newest verification first."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from rete.web.view import SiteView

MAX_ENTRIES = 50


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(view: SiteView, site_url: str) -> str:
    base = site_url.rstrip("/") + "/"
    entries = view.pratiche_recenti[:MAX_ENTRIES]
    updated = max((e.model.ultima_verifica for e in entries), default=view.today)
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">',
             "<title>Rete dei Comuni amici della Famiglia: buone pratiche</title>",
             f'<link rel="self" href="{escape(base)}feed.xml"/>',
             f'<link href="{escape(base)}pratiche/"/>',
             f"<id>{escape(base)}pratiche/</id>",
             f"<updated>{_stamp(updated)}</updated>",
             "<author><name>Rete dei Comuni amici della Famiglia</name></author>"]
    for entry in entries:
        p = entry.model
        url = f"{base}pratiche/{p.slug}/"
        parts += ["<entry>", f"<title>{escape(p.titolo)}</title>",
                  f'<link href="{escape(url)}"/>', f"<id>{escape(url)}</id>",
                  f"<updated>{_stamp(p.ultima_verifica)}</updated>",
                  f"<summary>{escape(p.sintesi)}</summary>", "</entry>"]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
