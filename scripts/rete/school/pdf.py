"""`rete school --pdf`: each module as a PDF, for trainees who print the lessons.

LaTeX is large (Debian texlive-xetex, texlive-fonts-recommended, texlive-plain-generic,
pandoc: about 600 MB), so PDFs are never part of `make site` or `make test`: `make pdf` asks
for them. They are made from the outputs the school's build executed (jupyter-cache), so
a PDF shows what the book shows, with solutions and hidden cells left out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rete.records.corpus import Corpus
from rete.school.book import SchoolError, published_courses
from rete.school.downloads import executed_notebook

LATEX = "xelatex"
HIDDEN = {"remove-cell", "soluzione"}


def write_pdfs(corpus: Corpus, work: Path, out: Path) -> list[Path]:
    """One PDF per published module into out/<corso>/<modulo>.pdf, after `build_school`."""
    if shutil.which(LATEX) is None or shutil.which("pandoc") is None:
        raise SchoolError("per i PDF servono LaTeX e pandoc: installa i pacchetti Debian "
                          "texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc")
    from nbconvert import PDFExporter

    exporter = PDFExporter(  # type: ignore[no-untyped-call]
        exclude_input_prompt=True, exclude_output_prompt=True)
    cache, src = work / "school-cache", work / "school-src"
    written = []
    for course in published_courses(corpus):
        for module, _ in course.modules:
            myst = (src / course.course.slug / f"{module.slug}.md").read_text(encoding="utf-8")
            notebook = executed_notebook(myst, cache)
            notebook.cells = [c for c in notebook.cells
                              if not HIDDEN & set(c.metadata.get("tags", []))]
            notebook.metadata["title"] = module.titolo
            body, _ = exporter.from_notebook_node(  # type: ignore[no-untyped-call]
                notebook, resources={"metadata": {"path": str(src / course.course.slug),
                                                  "name": module.slug}})
            target = out / course.course.slug / f"{module.slug}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            written.append(target)
    return written
