"""The Scuola di formazione in the site: the catalogue of courses and the editions calendar.

The catalogue is generated from the course and module records; it links each module to its
page in the book (built by `rete.school` into site/scuola/<corso>/<modulo>.html) and to its
downloads. Editions are also written as iCalendar, so trainees can add them to a calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event
from jinja2 import Environment

from rete.models.corso import Corso, Edizione
from rete.models.modulo import Modulo
from rete.records import page_map
from rete.web.render import render, write_page
from rete.web.view import Entry, SiteView

ICS = page_map.SCHOOL_CALENDAR.rsplit("/", 1)[-1]
LIVELLI_CORSO = {"base": "base", "intermedio": "intermedio", "avanzato": "avanzato"}


@dataclass
class CourseView:
    """One course as the catalogue shows it: modules in order, editions split by date."""

    entry: Entry[Corso]
    moduli: list[Entry[Modulo]]
    prossime: list[Edizione]
    passate: list[Edizione]

    @property
    def minuti(self) -> int:
        return sum(m.model.minuti_lezione + m.model.minuti_esercizi for m in self.moduli)


def courses(view: SiteView) -> list[CourseView]:
    out = []
    for entry in view.corsi:
        moduli = [view.moduli_by_slug[s] for s in entry.model.moduli if s in view.moduli_by_slug]
        editions = sorted(entry.model.edizioni, key=lambda e: e.dal)
        out.append(CourseView(entry, moduli, [e for e in editions if e.al >= view.today],
                              [e for e in editions if e.al < view.today]))
    return out


def durata(minutes: int) -> str:
    """95 → "1 h 35 min": how long a course or module takes."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def calendar(view: SiteView, stamp: datetime) -> bytes:
    """Every edition of every published course as an all-day event (RFC 5545)."""
    cal = Calendar()
    cal.add("prodid", "-//Rete dei Comuni amici della Famiglia//Scuola di formazione//IT")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Scuola di formazione per le politiche con le famiglie")
    for course in view.corsi:
        for i, edition in enumerate(course.model.edizioni, start=1):
            event = Event()
            event.add("uid", f"{course.model.slug}-{i}@scuola.rete-comuni-amici-della-famiglia")
            event.add("dtstamp", stamp)
            label = " (esempio illustrativo)" if edition.illustrativa else ""
            event.add("summary", f"{course.model.titolo}: {edition.titolo}{label}")
            event.add("dtstart", edition.dal)
            event.add("dtend", edition.al + timedelta(days=1))  # DTEND is exclusive
            where = edition.luogo or edition.modalita
            event.add("location", where)
            event.add("description", f"Modalità: {edition.modalita}. "
                                     f"Chi può iscriversi: {edition.chi_puo_iscriversi} "
                                     f"Come iscriversi: {edition.come_iscriversi}")
            if edition.url:
                event.add("url", edition.url)
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def write(view: SiteView, env: Environment, docs: Path) -> list[str]:
    text = render(env, "scuola.md.j2", here=page_map.SCHOOL_PAGE, corsi=courses(view),
                  durata=durata,
                  livelli=LIVELLI_CORSO, view=view, ics=ICS)
    # The calendar's timestamp comes from the records, so two builds are byte-identical.
    newest = max((c.model.ultima_verifica for c in view.corsi), default=date(2016, 12, 20))
    stamp = datetime.combine(newest, datetime.min.time(), tzinfo=UTC)
    ics = docs / page_map.SCHOOL_CALENDAR
    ics.parent.mkdir(parents=True, exist_ok=True)
    ics.write_bytes(calendar(view, stamp))
    return [write_page(docs, page_map.SCHOOL_PAGE, text)]


__all__ = ["CourseView", "calendar", "courses", "durata", "write"]
