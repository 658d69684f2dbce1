"""The install story the README tells: build the sdist and the wheel (``python -m build``, as
``nox -s build`` does), install the wheel into a fresh virtual environment, and run the demo and
the ``firsthand`` console script from there, as a user who never saw this checkout would.

Nothing is downloaded: the build runs without isolation (``build`` and ``hatchling`` come with the
``test`` extra), the wheel is installed with ``--no-deps --no-index``, and the fresh environment
sees its dependencies (pydantic, httpx, ...) through a ``.pth`` file listing the test run's own
site-packages, which come after its own, so ``firsthand`` is imported from the wheel. Marked
``install`` (about 15 s): ``pytest -m "not install"`` leaves it out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from firsthand import __version__

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.install


def _run(command: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("FIRSTHAND_", "PYTHON", "PIP_"))
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build`` of this checkout: an sdist, and a wheel built from that sdist."""
    pytest.importorskip("build", reason="the `test` extra brings build")
    pytest.importorskip("hatchling", reason="the `test` extra brings hatchling")
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)], out)
    return out


def test_the_sdist_holds_the_sources_tests_and_docs(dist: Path) -> None:
    [sdist] = dist.glob("firsthand-*.tar.gz")
    assert sdist.name == f"firsthand-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for expected in (
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "src/firsthand/__init__.py",
        "src/firsthand/py.typed",
        "src/firsthand/cli/__init__.py",
        "src/firsthand/testing/_fake.py",
        "tests/test_install.py",
        "docs/cli.md",
    ):
        assert expected in names


def test_the_wheel_holds_the_package_and_the_console_script(dist: Path) -> None:
    [wheel] = dist.glob("firsthand-*.whl")
    assert wheel.name == f"firsthand-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"firsthand-{__version__}.dist-info"
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
    assert {"firsthand/py.typed", "firsthand/cli/__init__.py", "firsthand/__main__.py"} <= names
    assert not [name for name in names if name.startswith(("tests/", "docs/"))]
    assert "[console_scripts]\nfirsthand = firsthand.cli:main" in entry_points
    assert "Requires-Dist: rich<16,>=13; extra == 'progress'" in metadata


def test_the_wheel_installs_into_a_fresh_venv_and_runs_the_demo(dist: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("firsthand-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    # This run's pip installs into the fresh venv (pip --python): no pip is bootstrapped there.
    install = ["-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index"]
    _run([sys.executable, *install, str(wheel)], tmp_path)

    # The dependencies come from this test run's site-packages, after the venv's own.
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
    )
    site_packages = Path(purelib.stdout.strip())
    ours = [entry for entry in sys.path if Path(entry).name in ("site-packages", "dist-packages")]
    (site_packages / "zz_firsthand_test_deps.pth").write_text("\n".join(ours) + "\n", "utf-8")

    where = _run([str(python), "-c", "import firsthand; print(firsthand.__file__)"], tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(site_packages)  # the wheel's copy

    console = scripts / ("firsthand.exe" if os.name == "nt" else "firsthand")
    assert _run([str(console), "--version"], tmp_path).stdout == f"firsthand {__version__}\n"

    out = tmp_path / "cups"
    demo = _run(
        [str(console), "demo", "--speed", "40", "--files-needed", "5", "--output", str(out)],
        tmp_path,
    )
    assert "5/5" in demo.stdout
    assert "SHA-256 verified" in demo.stdout
    assert len(list(out.iterdir())) == 5
    done = _run([str(python), "-m", "firsthand", "--version"], tmp_path)
    assert done.stdout == f"firsthand {__version__}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cups", "venv"]  # nothing else written
