"""Where each record type lives and which model checks it: the table the loader walks."""

from __future__ import annotations

from dataclasses import dataclass

from rete.models.accordo import Accordo
from rete.models.common import Record
from rete.models.comune import Comune
from rete.models.modulo import Modulo
from rete.models.organizzazione import Organizzazione
from rete.models.pagina import Pagina
from rete.models.pratica import Pratica
from rete.models.vocabolario import Vocabolario


@dataclass(frozen=True)
class RecordType:
    name: str  # used in `rete new <name>` and in messages
    folder: str  # relative to the project root
    suffix: str  # ".yml" records, ".md" front matter + body
    model: type[Record]
    label: str  # Italian, plural, for messages and pages
    other_files: tuple[str, ...] = ()  # suffixes that may sit beside the records


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("comune", "comuni", ".yml", Comune, "comuni"),
    RecordType("pratica", "good_practices", ".md", Pratica, "buone pratiche"),
    RecordType("accordo", "content/accordi", ".yml", Accordo, "accordi"),
    RecordType("organizzazione", "content/organizzazioni", ".yml", Organizzazione,
               "organizzazioni"),
    RecordType("vocabolario", "content/vocabolari", ".yml", Vocabolario, "vocabolari"),
    RecordType("pagina", "content/pagine", ".md", Pagina, "pagine"),
    RecordType("modulo", "courses", ".yml", Modulo, "moduli della Scuola di formazione",
               other_files=(".md", ".ipynb", ".png", ".svg", ".csv")),
)

BY_NAME = {t.name: t for t in RECORD_TYPES}
