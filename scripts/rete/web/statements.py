"""Sections of the privacy, accessibility and legal pages that depend on the settings.

The pages' text is an editable record (content/pagine/); who publishes the site, how to
reach them and when accessibility was last checked are settings (`[tool.rete]`), so they are
written here, after the page's body, from `templates/pagina-<slug>.md.j2`. While a setting is
unset the section says so plainly instead of leaving a placeholder.
"""

from __future__ import annotations

from jinja2 import Environment, TemplateNotFound

from rete.core.settings import Settings
from rete.web.render import render

AGID_ENFORCEMENT = "https://www.agid.gov.it/it/design-servizi/accessibilita/procedura-attuazione"
"""AgID's page on the enforcement procedure (procedura di attuazione) before the Difensore
civico per il digitale, as the AgID model statement links it."""
GARANTE = "https://www.garanteprivacy.it/"


def template_of(slug: str) -> str:
    return f"pagina-{slug}.md.j2"


def section(env: Environment, slug: str, settings: Settings, here: str,
            pages: frozenset[str]) -> str:
    """The settings-dependent Markdown that follows page `slug`'s body, or "".
    `pages`: the slugs of the published pages, so a section links only to pages that exist."""
    try:
        env.get_template(template_of(slug))
    except TemplateNotFound:
        return ""
    text = render(env, template_of(slug), here=here, settings=settings, pages=pages,
                  agid_enforcement=AGID_ENFORCEMENT, garante=GARANTE)
    return "\n\n" + text.strip() + "\n"  # a Markdown block after the body's HTML
