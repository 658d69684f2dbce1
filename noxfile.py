"""Developer sessions for firsthand: tests on every supported Python, lint, typecheck, docs, bench.

Run ``nox`` for the default set (tests on all Pythons, lint, typecheck, docs) or pick one with
``nox -s lint``. Arguments after ``--`` reach pytest: ``nox -s tests-3.12 -- -k retries``.
"""

from __future__ import annotations

import glob
import shutil

import nox

nox.needs_version = ">=2024.4.15"
nox.options.sessions = ["tests", "lint", "typecheck", "docs"]
nox.options.reuse_existing_virtualenvs = True

PYTHON_VERSIONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
TOOLS_PYTHON = "3.11"
PEER_SDK = "firsthandapi==0.1.0"


@nox.session(python=PYTHON_VERSIONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (the README's command) on one Python version."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=TOOLS_PYTHON)
def lint(session: nox.Session) -> None:
    """Check lint rules and formatting with ruff (no files are changed)."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=TOOLS_PYTHON)
def typecheck(session: nox.Session) -> None:
    """Type-check src and tests with mypy and pyright, both strict (settings in pyproject.toml)."""
    session.install("-e", ".[test]", "mypy", "pyright", "nox", "ruff")
    session.run("mypy")
    session.run("pyright")
    # The public surface is fully typed for users' checkers (100 %, or the session fails).
    session.run("pyright", "--verifytypes", "firsthand", "--ignoreexternal")
    # What the checkers say about a typo in an inline body, not only that they fail.
    session.run("python", "scripts/check_type_messages.py")
    session.run("python", "scripts/generate.py", "--check")


@nox.session(python=TOOLS_PYTHON)
def generate(session: nox.Session) -> None:
    """Rewrite the generated files (src/firsthand/_raw_views.py); a test fails when one is stale."""
    session.install("-e", ".", "ruff")
    session.run("python", "scripts/generate.py")


@nox.session(python=TOOLS_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site; any warning (broken link, missing page) fails the build."""
    session.install("-e", ".[docs]")
    site_dir = f"{session.create_tmp()}/site"
    session.run("mkdocs", "build", "--strict", "--site-dir", site_dir)


@nox.session(name="docs-shots", python=TOOLS_PYTHON)
def docs_shots(session: nox.Session) -> None:
    """Build the site, check the API reference page and screenshot it in headless Chromium.

    Needs Debian's Chromium (``apt-get install -y chromium``, or ``CHROMIUM=/path``): Playwright
    drives it, no browser is downloaded. The PNGs land in a temporary directory, printed at the end.
    """
    session.install("-e", ".[docs]", "playwright>=1.40,<2")
    tmp = session.create_tmp()
    site_dir = f"{tmp}/site"
    session.run("mkdocs", "build", "--strict", "--site-dir", site_dir)
    session.run("python", "tools/docs/screenshots.py", site_dir, f"{tmp}/shots")


@nox.session(python=TOOLS_PYTHON)
def openapi(session: nox.Session) -> None:
    """Regenerate docs/openapi.json from the SDK (commit the result; a test checks it is current)."""
    session.install("-e", ".")
    session.run("python", "scripts/openapi.py", "--output", "docs/openapi.json")


@nox.session(python=TOOLS_PYTHON)
def contract(session: nox.Session) -> None:
    """Run schemathesis against the served stand-in and docs/openapi.json (a few minutes).

    All phases, the default checks, 30 examples per operation, the stand-in's rate limit off
    (``tests/contract_check.py``). Options reach the script: ``nox -s contract -- --max-examples
    100``; ``st run`` options go after a second ``--``.
    """
    session.install("-e", ".[test]")
    session.run("python", "tests/contract_check.py", *session.posargs)


@nox.session(python=TOOLS_PYTHON)
def bench(session: nox.Session) -> None:
    """Run the benchmarks and print one table: stdlib, raw httpx, the peer SDK and firsthand.

    Instruction counts need valgrind (``apt-get install valgrind``); without it the table says so
    and shows wall time only. The peer SDK is compared against only when it can be installed.
    """
    session.install("-e", ".", "httpx")
    # The peer SDK is optional: a failed install (no index access, no wheel) must not stop the run.
    session.run("python", "-m", "pip", "install", PEER_SDK, success_codes=[0, 1])
    if shutil.which("valgrind") is None:
        session.log("valgrind not found: instruction counts are skipped, wall time only")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(python=TOOLS_PYTHON)
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel into dist/ (``python -m build``), then install the wheel into
    this session's fresh venv and run the ``firsthand`` command from it (``pip install dist/*.whl``
    installs the result anywhere)."""
    session.install("build")
    shutil.rmtree("dist", ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", "dist")
    [wheel] = glob.glob("dist/firsthand-*.whl")
    session.install(wheel)
    session.run("firsthand", "--version")
    session.run("python", "-m", "firsthand", "demo", "--speed", "40", "--files-needed", "5")
