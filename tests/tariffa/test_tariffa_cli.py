"""`rete tariffa` and `rete simula` from the command line: figures, JSON keys, located errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from tariffa_dati import ROOT, load_examples

from rete.cli.main import main

EXAMPLES = load_examples()
DEFAULT = EXAMPLES["schema_predefinito"]


def _write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("example", EXAMPLES["esempi"], ids=lambda e: str(e["id"]))
def test_cli_json_reproduces_worked_example(
    example: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = _write(tmp_path / "schema.yml", example.get("schema", DEFAULT))
    famiglia = _write(tmp_path / "famiglia.yml", example["famiglia"])
    retta = ["--retta", str(example["retta"])] if "retta" in example else []
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--schema",
            str(schema),
            "--famiglia",
            str(famiglia),
            "--json",
            *retta,
        ]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    for key, expected in example["atteso"].items():
        assert result[key] == pytest.approx(expected, abs=0.001), key
    if "se_isee" not in example["atteso"]:
        assert "se_isee" not in result


def test_cli_household_errors_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    famiglia = tmp_path / "famiglia.yml"
    famiglia.write_text(
        "isee: 15000\ncomponenti:\n  - {ruolo: genitore, eta: 40}\n"
        "  - {ruolo: figlio, eta: quattro}\n",
        encoding="utf-8",
    )
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--schema",
            str(ROOT / "content/tariffe/esempio-nido.yml"),
            "--famiglia",
            str(famiglia),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert f"{famiglia}:4:26: errore: componenti[2].eta:" in err


def test_cli_unknown_comune_service(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    famiglia = _write(tmp_path / "f.yml", EXAMPLES["esempi"][0]["famiglia"])
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--comune",
            "seveso",
            "--servizio",
            "astronave",
            "--famiglia",
            str(famiglia),
        ]
    )
    assert code == 1
    assert "nessuno schema 'astronave'" in capsys.readouterr().err


def test_cli_simula_synthetic_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "--radice",
        str(ROOT),
        "simula",
        "--schema",
        str(ROOT / "content/tariffe/esempio-nido.yml"),
        "--sintetica",
        "2000",
        "--seme",
        "5",
        "--json",
    ]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == first  # same seed, same population
    assert first["famiglie"] == 2000
    assert first["entrate_ff_anno"] <= first["entrate_isee_anno"]
    dims = {g["dimensione"] for g in first["gruppi"]}
    assert {"figli", "genitore_solo", "disabilita", "quintile_isee"} <= dims


def test_cli_simula_csv_errors_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "popolazione.csv"
    csv.write_text(
        "famiglia_id,isee,ruolo,eta\nA,15000,genitore,40\nA,,figlio,trenta\n", encoding="utf-8"
    )
    code = main(
        [
            "--radice",
            str(ROOT),
            "simula",
            "--schema",
            str(ROOT / "content/tariffe/esempio-nido.yml"),
            "--popolazione",
            str(csv),
        ]
    )
    assert code == 1
    assert f"{csv}:3:11: errore: eta: deve essere un'età" in capsys.readouterr().err
    csv.write_text("famiglia_id,isee,ruolo,eta\nB,9000,figlio,3\n", encoding="utf-8")
    main(
        [
            "--radice",
            str(ROOT),
            "simula",
            "--schema",
            str(ROOT / "content/tariffe/esempio-nido.yml"),
            "--popolazione",
            str(csv),
        ]
    )
    assert f"{csv}:2:8: errore: ruolo: manca un adulto" in capsys.readouterr().err


def test_cli_refuses_an_incomplete_scheme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    famiglia = _write(tmp_path / "f.yml", EXAMPLES["esempi"][0]["famiglia"])
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--comune",
            "brugherio",
            "--servizio",
            "refezione-scolastica",
            "--famiglia",
            str(famiglia),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert (
        "comuni/brugherio.yml: errore: completo: lo schema tariffario "
        "«refezione-scolastica» è incompleto"
    ) in err


def test_cli_folders_instead_of_files_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--radice", str(ROOT), "tariffa", "--schema", str(tmp_path), "--famiglia", str(tmp_path)]
    )
    assert code == 1
    assert capsys.readouterr().err.count(f"{tmp_path}:1:1: errore: (file): è una cartella") == 2
    code = main(
        [
            "--radice",
            str(ROOT),
            "simula",
            "--schema",
            str(ROOT / "content/tariffe/esempio-nido.yml"),
            "--popolazione",
            str(tmp_path),
        ]
    )
    assert code == 1
    assert "è una cartella, non un file" in capsys.readouterr().err


def test_cli_lists_member_and_household_problems_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    famiglia = tmp_path / "famiglia.yml"
    famiglia.write_text(
        "isee: 12000\ngenitore_solo: true\ncomponenti:\n"
        "  - {ruolo: genitore, eta: 40, lavora: true}\n"
        "  - {ruolo: genitore, eta: 41}\n"
        "  - {ruolo: figlio, eta: 30}\n"
        "  - {ruolo: figlio, eta: 2, parto: 1}\n"
        "  - {ruolo: figlio, eta: 3, parto: 1}\n",
        encoding="utf-8",
    )
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--schema",
            str(ROOT / "content/tariffe/esempio-nido.yml"),
            "--famiglia",
            str(famiglia),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert ": errore: componenti[3].eta: un figlio di 30 anni" in err
    assert ":2:16: errore: genitore_solo: genitore_solo richiede esattamente" in err
    assert ": errore: componenti[5].eta: i figli dello stesso parto" in err
    assert "3 errori" in err


def _contribution(example_id: str) -> dict[str, Any]:
    return next(e for e in EXAMPLES["esempi"] if e["id"] == example_id)


def test_cli_contribution_with_retta_explains_the_capped_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = _contribution("E14")
    schema = _write(tmp_path / "schema.yml", example["schema"])
    famiglia = _write(tmp_path / "famiglia.yml", example["famiglia"])
    code = main(
        [
            "--radice",
            str(ROOT),
            "tariffa",
            "--schema",
            str(schema),
            "--famiglia",
            str(famiglia),
            "--retta",
            "700",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert (
        "contributo 25 % della retta, 700,00 € \N{MULTIPLICATION SIGN} 25 % = 175,00 €, ridotto "
        "al tetto di 150,00 €; da pagare: 700,00 € \N{MINUS SIGN} 150,00 € = 550,00 €"
    ) in out
    assert (
        "Retta 700,00 € per figlio iscritto. Da pagare dopo il contributo del comune, con "
        "ISEE: 580,00 €; con Fattore Famiglia: 550,00 €" in out
    )


@pytest.mark.parametrize(
    ("retta", "message"),
    [
        (
            [],
            "errore: --retta: «contributo-nido-esempio» è un contributo del comune alla retta: "
            "per calcolarlo serve la retta",
        ),
        (["--retta", "-5"], "retta: non può essere negativo (-5)"),
        (["--retta", "tanto"], "retta: «tanto» non è un importo"),
    ],
)
def test_cli_contribution_without_a_good_retta(
    retta: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = _contribution("E13")
    schema = _write(tmp_path / "schema.yml", example["schema"])
    famiglia = _write(tmp_path / "famiglia.yml", example["famiglia"])
    try:
        code = main(
            [
                "--radice",
                str(ROOT),
                "tariffa",
                "--schema",
                str(schema),
                "--famiglia",
                str(famiglia),
                *retta,
            ]
        )
    except SystemExit as exit_:  # argparse refuses a bad --retta before running
        code = int(exit_.code or 0)
    assert code != 0
    assert message in capsys.readouterr().err


def test_cli_simula_a_contribution_speaks_of_what_families_pay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = _write(tmp_path / "schema.yml", _contribution("E13")["schema"])
    code = main(
        [
            "--radice",
            str(ROOT),
            "simula",
            "--schema",
            str(schema),
            "--sintetica",
            "50",
            "--retta",
            "480.10",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Pagato dalle famiglie in un anno, dopo il contributo del comune, con ISEE:" in out
    assert "Contributi in più del comune con il Fattore Famiglia:" in out
    assert "Entrate annue" not in out


def _milano_nido(tmp_path: Path, *anno: str) -> list[str]:
    famiglia = _write(
        tmp_path / "f.yml",
        {
            "isee": 10000,
            "componenti": [
                {"ruolo": "genitore", "eta": 34, "lavora": True},
                {"ruolo": "figlio", "eta": 1, "iscritto": True},
            ],
        },
    )
    return [
        "--radice",
        str(ROOT),
        "tariffa",
        "--comune",
        "milano",
        "--servizio",
        "asilo-nido",
        *anno,
        "--famiglia",
        str(famiglia),
    ]


def test_cli_without_anno_computes_the_newest_computable_scheme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Milano's newest nido scheme (2023) is incomplete: the 2019/20 table is computed, and
    the output says which year it is (ISEE 10.000 euro: the 103 euro band of that table)."""
    code = main([*_milano_nido(tmp_path), "--json"])
    assert code == 0, capsys.readouterr().err
    assert json.loads(capsys.readouterr().out)["tariffa_isee"] == pytest.approx(103.0)
    assert main(_milano_nido(tmp_path)) == 0
    assert "(2019/20)" in capsys.readouterr().out.splitlines()[0]


def test_cli_incomplete_year_names_the_years_that_compute(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(_milano_nido(tmp_path, "--anno", "2023"))
    err = capsys.readouterr().err
    assert code == 1
    assert "comuni/milano.yml: errore: completo:" in err
    assert "(dati del 2023); si può calcolare con --anno 2019/20" in err


def test_cli_unknown_year_lists_the_years_of_the_service(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(_milano_nido(tmp_path, "--anno", "2031/32")) == 1
    assert (
        "errore: --anno: nessuno schema 'asilo-nido' per 2031/32 nel comune 'milano' "
        "(anni: 2023; 2019/20)"
    ) in capsys.readouterr().err
