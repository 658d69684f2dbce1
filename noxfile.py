"""Developer sessions for firsthand: tests on every supported Python, lint, typecheck, docs, bench.

Run ``nox`` for the default set (tests on all Pythons, lint, typecheck, docs) or pick one with
``nox -s lint``. Arguments after ``--`` reach pytest: ``nox -s tests-3.12 -- -k retries``.
"""

from __future__ import annotations

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
    session.install("-e", ".[test]", "mypy", "pyright", "nox")
    session.run("mypy")
    session.run("pyright")


@nox.session(python=TOOLS_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site; any warning (broken link, missing page) fails the build."""
    session.install("-e", ".[docs]")
    site_dir = f"{session.create_tmp()}/site"
    session.run("mkdocs", "build", "--strict", "--site-dir", site_dir)


@nox.session(python=TOOLS_PYTHON)
def openapi(session: nox.Session) -> None:
    """Regenerate docs/openapi.json from the SDK (commit the result; a test checks it is current)."""
    session.install("-e", ".")
    session.run("python", "-m", "firsthand._openapi", "--output", "docs/openapi.json")


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
    """Run the benchmarks; the peer SDK is compared against only when it can be installed."""
    session.install("-e", ".", "httpx")
    # The peer SDK is optional: a failed install (no index access, no wheel) must not stop the run.
    session.run("python", "-m", "pip", "install", PEER_SDK, success_codes=[0, 1])
    session.run("python", "benchmarks/run.py", *session.posargs)
