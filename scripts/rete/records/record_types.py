"""Where each record type lives and which model checks it: the table the loader walks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rete.models.accordo import Accordo
from rete.models.common import Record
from rete.models.comune import Comune
from rete.models.corso import Corso
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
    layout: str = "flat"  # "flat": folder/<slug><suffix>; "course": folder/<corso>/…

    def stem(self, path: Path) -> str:
        """The slug a file must carry: its name, or for a course record its folder's."""
        if self.name == "corso":
            return path.parent.name
        return path.name[: -len(self.suffix)]


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("comune", "comuni", ".yml", Comune, "comuni"),
    RecordType("pratica", "good_practices", ".md", Pratica, "buone pratiche"),
    RecordType("accordo", "content/accordi", ".yml", Accordo, "accordi"),
    RecordType("organizzazione", "content/organizzazioni", ".yml", Organizzazione,
               "organizzazioni"),
    RecordType("vocabolario", "content/vocabolari", ".yml", Vocabolario, "vocabolari"),
    RecordType("pagina", "content/pagine", ".md", Pagina, "pagine"),
    RecordType("corso", "courses", ".yml", Corso, "corsi della Scuola di formazione",
               layout="course"),
    RecordType("modulo", "courses", ".yml", Modulo, "moduli della Scuola di formazione",
               other_files=(".md", ".ipynb", ".png", ".svg", ".csv"), layout="course"),
)
COURSE_FILE = "corso.yml"
"""courses/<corso>/corso.yml is the course; every other .yml beside it is a module."""

BY_NAME = {t.name: t for t in RECORD_TYPES}
