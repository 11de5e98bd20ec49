"""The wheel is what users run. Build the sdist and, from it, the wheel (as `python -m build`
does, which proves the sdist holds what a rebuild needs), install the wheel into a fresh virtual
environment that cannot see this checkout, and use every kind of command from a folder outside
it: the runtime files (bundled plan, schemas, templates, catalogues) must all be in the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, import_builders

pytestmark = pytest.mark.slow

RUNTIME = ("nhrp.yaml", "data/", "schemas/", "templates/")
BUNDLE = "nhrp/_bundle/"


def runtime_files() -> list[str]:
    """The files the commands read at run time, as the checkout holds them."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--", *RUNTIME],
                            capture_output=True, check=True).stdout.decode().split("\0")
    return sorted(p for p in listed if p and not Path(p).name.startswith("."))


def clean_copy(target: Path) -> Path:
    """The checkout's files as a fresh clone would have them, plus uncommitted work, without
    build leftovers (a stale *.egg-info would hand setuptools an old file list)."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "-co", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, copy = ROOT / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted, not yet committed
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    source = clean_copy(tmp_path_factory.mktemp("source") / "nhrp")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                    str(source)], check=True, capture_output=True)
    return {"wheel": next(out.glob("nhrp-*.whl")), "sdist": next(out.glob("nhrp-*.tar.gz"))}


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel and the extras users install; returns its
    bin/."""
    env_dir = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", f"{built['wheel']}[docx,xlsx,forms,fuzzy]"],
                   check=True, capture_output=True)
    return env_dir / "bin"


def test_the_wheel_carries_every_runtime_file(built):
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    missing = [p for p in runtime_files() if BUNDLE + p not in names]
    assert not missing, f"runtime files missing from the wheel: {missing}"
    assert not [n for n in names if n.startswith(BUNDLE) and n.endswith(".py")
                and n != BUNDLE + "__init__.py"]
    assert any(n.endswith("LICENSE") for n in names)


def test_the_metadata_is_ready_for_a_package_index(built):
    wheel = zipfile.ZipFile(built["wheel"])
    metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith("METADATA"))).decode()
    import nhrp

    assert f"Version: {nhrp.__version__}" in metadata
    assert "License-Expression: Apache-2.0" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    assert "Project-URL: Homepage, https://" in metadata
    assert "Classifier: Operating System :: POSIX :: Linux" in metadata
    assert "Operating System :: Microsoft :: Windows" not in metadata  # fcntl locks, fork


def test_the_sdist_holds_what_a_rebuild_needs(built):
    with tarfile.open(built["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    # the links of nhrp/_bundle/ are stored as the files they point to
    needed = ["pyproject.toml", "README.md", "LICENSE", BUNDLE + "__init__.py",
              *(BUNDLE + p for p in runtime_files())]
    assert not [p for p in needed if p not in names]


def run(bin_dir: Path, *args: str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NHRP_REPO", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    done = subprocess.run(["nhrp", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if ok:
        assert done.returncode == 0, f"nhrp {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_every_kind_of_command_runs_from_the_installed_wheel(installed, tmp_path):
    where = subprocess.run([str(installed / "python"), "-c", "import nhrp; print(nhrp.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in where and "site-packages" in where
    assert run(installed, "--version", cwd=tmp_path).stdout.startswith("nhrp ")

    # the bundled Iraq plan, as shipped inside the package
    bundled = subprocess.run([str(installed / "python"), "-c",
                              "from nhrp.core.layout import bundled_root; print(bundled_root())"],
                             cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert "site-packages" in bundled
    assert "229 recommendations" in run(installed, "--repo", bundled, "validate", cwd=tmp_path).stdout

    # a new plan for another State, outside the checkout
    run(installed, "init", "plan", "--state-code", "SVN", "--state-name", "Slovenia",
        "--name", "National plan", "--language", "en", "--language", "ar", cwd=tmp_path)
    plan = tmp_path / "plan"
    docx = import_builders().write_docx(tmp_path / "list.docx", import_builders().CODED_LIST)
    run(installed, "import", "ohchr-matrix", str(docx), "--cycle", "3", cwd=plan)
    run(installed, "validate", cwd=plan)
    assert "Recommendations" in run(installed, "status", cwd=plan).stdout
    run(installed, "report", "--lang", "ar", "--out", "report-ar.html", cwd=plan)
    assert 'dir="rtl"' in (plan / "report-ar.html").read_text(encoding="utf-8")
    run(installed, "site", "build", "--out", str(tmp_path / "public"), cwd=plan)
    assert (tmp_path / "public" / "index.html").is_file()
    run(installed, "export", "--format", "xlsx", "--out", str(tmp_path / "plan.xlsx"), cwd=plan)
    import openpyxl

    assert openpyxl.load_workbook(tmp_path / "plan.xlsx").active.max_row > 1

    # the practice plan copies the bundled one
    run(installed, "sandbox", str(tmp_path / "practice"), cwd=tmp_path)
    practice = tmp_path / "practice"
    assert "229 recommendations" in run(installed, "validate", cwd=practice).stdout
    assert "SIMULATED" in run(installed, "status", cwd=practice).stdout

    # the plan's own activities: the matrix (Arabic names and digits), a value, the review
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("Axis,Activity,Recommendations,Lead,Start,End,Indicator,Baseline,Target\n"
                      "Justice,Train judges,\"١٢٧٫١٠٠، ١٢٧٫١٠١\",وزارة العدل,2024-01-01,"
                      "2025-06-30,Judges trained,0,200\n", encoding="utf-8")
    assert "added: justice-train-judges" in run(installed, "import", "plan-matrix", str(matrix),
                                                 cwd=practice).stdout
    run(installed, "measure", "justice-train-judges", "judges-trained", "--value", "١٢٠",
        "--as-of", "2024-06-30", "--by", "moj", "--source", "سجل التدريب", cwd=practice)
    run(installed, "review", "--period", "2024-H1", "--lang", "ar", "--out", "review.html",
        cwd=practice)
    review = (practice / "review.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in review and "Train judges" in review and "١٢٠" in review

    # repeats across cycles (rapidfuzz): a cycle-3 paraphrase of upr2-127.5
    (practice / "data/recommendations/upr3-140.9.yaml").write_text(
        "id: upr3-140.9\ncycle: 3\nsource:\n  document: A/HRC/43/14\n  paragraph: '140.9'\n"
        "recommending_states:\n- Spain\nresponse: supported\nthemes:\n- death-penalty\n"
        "summary:\n  en: Become a party to the Second Optional Protocol to the ICCPR (Spain)\n",
        encoding="utf-8")
    suggested = run(installed, "repeats", "suggest", "--from-cycle", "2", "--to-cycle", "3",
                    "--format", "csv", cwd=practice).stdout
    assert "upr3-140.9,upr2-127.4" in suggested or "upr3-140.9,upr2-127.5" in suggested

    # taking part without git (pyxform, openpyxl): the form, its Kobo export, imported twice
    form = tmp_path / "participation.xlsx"
    run(installed, "form", "build", "participation", "--lang", "ar", "--lang", "ckb", "--lang",
        "en", "--out", str(form), cwd=practice)
    from tests import form_exports as fx

    export = fx.write_csv(tmp_path / "kobo.csv", *fx.kobo_table(form, [
        {"uuid": "11111111-1111-4111-8111-111111111111", "date": "2024-03-01",
         "organisation": "pao", "answer": "monitor", "files": "death-penalty"}]), ";")
    assert "new: 1" in run(installed, "import", "responses", str(export), cwd=practice).stdout
    assert "new: 0, already imported: 1" in run(installed, "import", "responses", str(export),
                                                 cwd=practice).stdout
    assert "pao" in run(installed, "status", "--participation", cwd=practice).stdout
    checked = run(installed, "validate", cwd=practice).stdout
    # texts imported in English only are W701 warnings, not errors
    assert "no problems" in checked or ": 0 errors, " in checked
