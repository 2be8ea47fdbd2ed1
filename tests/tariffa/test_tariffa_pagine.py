"""The comune page, built: every amount with its year, older figures marked "Dati del …".

Built from the valid fixture project with Muggiò given three schemes of one service: the
current one (2026/27), an older one (2024/25) and one a source dates only by its own year
(anno_fonte 2023, exemption "sotto" a threshold). The page must not let old figures pass
for current ones, nor turn "below 6.500" into "up to 6.500".
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from support import TODAY, VALID, make_buildable

SCHEMES = [
    {
        "servizio": "mensa",
        "nome": "Mensa corrente",
        "anni": ["2026/27"],
        "unita": "pasto",
        "unita_per_anno": 170,
        "metodo": "fasce",
        "fasce": [{"fino_a": 7000, "tariffa": 2.5}, {"tariffa": 6.5}],
        "illustrativo": True,
    },
    {
        "servizio": "mensa",
        "nome": "Mensa vecchia",
        "anni": ["2024/25"],
        "unita": "pasto",
        "unita_per_anno": 170,
        "metodo": "fasce",
        "fasce": [{"fino_a": 7000, "tariffa": 2.0}, {"tariffa": 6.0}],
        "illustrativo": True,
    },
    {
        "servizio": "mensa",
        "nome": "Mensa del giornale",
        "anno_fonte": 2023,
        "unita": "pasto",
        "esenzione_sotto": 6500,
        "tariffa_max": 5.5,
        "completo": False,
        "illustrativo": True,
    },
]


@pytest.fixture(scope="module")
def muggio(tmp_path_factory: pytest.TempPathFactory) -> str:
    from rete.web.build import build

    root = tmp_path_factory.mktemp("pagine") / "progetto"
    shutil.copytree(VALID, root)
    record = root / "comuni/muggio.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["servizi"] = SCHEMES
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    make_buildable(root)
    site = build(root, today=TODAY).site
    return (site / "comuni/muggio/index.html").read_text(encoding="utf-8")


def _section(html: str, name: str) -> str:
    """The HTML from a scheme's heading (not its entry in the table of contents) to the
    next heading."""
    heading = re.search(r"<h3[^>]*>" + re.escape(name), html)
    assert heading, name
    start = heading.end()
    end = re.search(r"<h[23]", html[start:])
    return html[start : start + end.start()] if end else html[start:]


def test_headings_and_amounts_carry_the_period(muggio: str) -> None:
    current = _section(muggio, "Mensa corrente (2026/27)")
    assert re.search(r"<th[^>]*>Tariffa \(2026/27\)</th>", current)
    assert "Dati del" not in current
    assert "Mensa del giornale (dati del 2023)" in muggio


def test_an_older_scheme_says_newer_figures_exist(muggio: str) -> None:
    old = _section(muggio, "Mensa vecchia (2024/25)")
    assert "<strong>Dati del 2024/25</strong>" in old
    assert "dati più recenti (2026/27)" in old


def test_a_scheme_dated_by_its_source_says_so(muggio: str) -> None:
    dated = _section(muggio, "Mensa del giornale (dati del 2023)")
    assert "<strong>Dati del 2023</strong>" in dated
    assert "non indicati dalla fonte (dati pubblicati nel 2023)" in dated
    assert "con ISEE sotto 6.500,00 €" in dated and "fino a 6.500" not in dated
    assert re.search(r"<dt>Tariffa massima \(dati del 2023\)</dt>\s*<dd>5,50 €</dd>", dated)
