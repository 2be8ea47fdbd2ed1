"""Snapshot what the `rete` commands print and write, to prove a refactor changed nothing.

    python tools/snapshot_outputs.py OUT_DIR [CHECKOUT]   # then: diff -r BEFORE AFTER

CHECKOUT (default: this one) is the tree whose `rete` runs, e.g. a `git worktree` of an
earlier commit; the interpreter and node_modules come from this checkout.

Runs `rete check` (text and JSON), `rete build`, `rete tariffa` and `rete simula` on a copy of
the repository and of the test fixtures, and writes each command's exit code and output, plus
a SHA-256 listing of every file the build wrote. Two snapshots of the same behaviour are equal.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
ROOT = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else HERE
PYTHON = str(HERE / ".venv" / "bin" / "python")


def run(out: Path, name: str, args: list[str], cwd: Path) -> None:
    done = subprocess.run([PYTHON, "-m", "rete", *args], cwd=cwd, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                          "PYTHONPATH": str(ROOT / "scripts")},
                          timeout=600, check=False)
    text = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n"
    # MkDocs' timing line differs run to run; nothing else may.
    text += "".join(line + "\n" for line in done.stderr.splitlines()
                    if "Documentation built in" not in line)
    (out / f"{name}.txt").write_text(text.replace(str(cwd), "<root>"), encoding="utf-8")


def tree_hashes(folder: Path) -> str:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def copy_project(source: Path, target: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", "node_modules", "site", ".build", ".cache",
                                    ".git", "__pycache__", "test-artifacts", "*_cache")
    shutil.copytree(source, target, ignore=ignore)
    (target / "node_modules").symlink_to(HERE / "node_modules")
    return target


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        repo = copy_project(ROOT, Path(tmp) / "repo")
        fixtures = copy_project(ROOT / "tests" / "fixtures" / "valid", Path(tmp) / "valid")
        for name in ("mkdocs.yml", "overrides"):  # what a build needs beside the records
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
            copy(ROOT / name, fixtures / name)
        broken = copy_project(ROOT / "tests" / "fixtures" / "valid", Path(tmp) / "broken")
        for fixture in sorted((ROOT / "tests" / "fixtures" / "invalid").rglob("*.*")):
            rel = fixture.relative_to(ROOT / "tests" / "fixtures" / "invalid")
            (broken / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(fixture, broken / rel)
        for name, project in (("repo", repo), ("valid", fixtures), ("broken", broken)):
            run(out, f"check-{name}", ["check"], project)
            run(out, f"check-{name}-json", ["check", "--json"], project)
        for name, project in (("repo", repo), ("valid", fixtures)):
            run(out, f"build-{name}", ["build"], project)
            site = project / "site"
            (out / f"site-{name}.sha256").write_text(
                tree_hashes(site) if site.is_dir() else "(no site)\n", encoding="utf-8")
        examples = yaml.safe_load((ROOT / "tests/fixtures/tariffa/worked-examples.yaml")
                                  .read_text(encoding="utf-8"))
        scheme = repo / "scheme.yml"
        scheme.write_text(yaml.safe_dump(examples["schema_predefinito"], allow_unicode=True),
                          encoding="utf-8")
        for example in examples["esempi"]:
            household = repo / f"famiglia-{example['id']}.yml"
            household.write_text(yaml.safe_dump(example["famiglia"], allow_unicode=True),
                                 encoding="utf-8")
            own = scheme
            if "schema" in example:
                own = repo / f"schema-{example['id']}.yml"
                own.write_text(yaml.safe_dump(example["schema"], allow_unicode=True),
                               encoding="utf-8")
            for flag in ([], ["--json"]):
                run(out, f"tariffa-{example['id']}{''.join(flag)}",
                    ["tariffa", "--schema", str(own), "--famiglia", str(household), *flag], repo)
        population = ROOT / "tests/fixtures/tariffa/popolazione-esempi.csv"
        for flag in ([], ["--json"]):
            run(out, f"simula-csv{''.join(flag)}",
                ["simula", "--schema", str(scheme), "--popolazione", str(population), *flag], repo)
            run(out, f"simula-synthetic{''.join(flag)}",
                ["simula", "--schema", str(scheme), "--sintetica", "5000", "--seme", "7", *flag],
                repo)
        bad = repo / "bad.csv"
        bad.write_text("famiglia_id,isee,ruolo,eta\nA,x,genitore,200\nA,,nonno,3\n",
                       encoding="utf-8")
        run(out, "simula-bad-csv", ["simula", "--schema", str(scheme), "--popolazione", str(bad)],
            repo)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
