"""The comune page, built: every amount with its year, older figures marked "Dati del …".

Built from the valid fixture project with Muggiò given three schemes of one service: the
current one (2026/27), an older one (2024/25) and one a source dates only by its own year
(anno_fonte 2023, exemption "sotto" a threshold); and a contribution that covers a share of
the retta up to a cap. The page must not let old figures pass for current ones, nor turn
"below 6.500" into "up to 6.500", nor a capped share into a fixed sum.
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
    {
        "servizio": "contributo-nido",
        "nome": "Contributo alla retta del nido",
        "anni": ["2024/25"],
        "natura": "contributo",
        "metodo": "fasce",
        "fasce": [
            {"fino_a": 20000, "percentuale": 25, "tetto": 150},
            {"fino_a": 40000, "percentuale": 12.5},
        ],
        "completo": False,
        "illustrativo": True,
    },
    {
        "servizio": "nido",
        "nome": "Nido con fasce lacunose",
        "anni": ["2024/25"],
        "metodo": "fasce",
        "nota": "Rette con 23 giorni di frequenza.",
        "fasce": [
            {"fino_a": 8000, "tariffa": 189.3},
            {"non_riportate": True},
            {"fino_a": 15000, "tariffa": 418},
            {"non_riportate": True},
            {"oltre": 53000, "tariffa": 888.84},
        ],
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


def test_a_capped_share_reads_as_a_share(muggio: str) -> None:
    contribution = _section(muggio, "Contributo alla retta del nido (2024/25)")
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", contribution)
    assert rows == [
        ("fino a 20.000,00 €", "25 % della retta, al massimo 150,00 €"),
        ("fino a 40.000,00 €", "12,5 % della retta"),
    ]
    assert "una percentuale della retta fino a un tetto" in contribution
    assert "Le fonti ne riportano solo una parte." in contribution


def test_bands_left_out_by_the_source_show_as_gaps(muggio: str) -> None:
    """Giussano's case: 418 € is not what a family between 8.000 and 15.000 € pays."""
    nido = _section(muggio, "Nido con fasce lacunose (2024/25)")
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", nido)
    gap = ("…", "eventuali altre fasce, non riportate dalle fonti")
    assert rows == [
        ("fino a 8.000,00 €", "189,30 €"),
        gap,
        ("fino a 15.000,00 €", "418,00 €"),
        gap,
        ("oltre 53.000,00 €", "888,84 €"),
    ]
    assert "<strong>Schema incompleto</strong>" in nido
    assert re.search(
        r"<dt>Nota della fonte</dt>\s*<dd>Rette con 23 giorni di frequenza\.</dd>", nido
    )
