"""Check what pyright and mypy *say* about a mistake in an inline dict body, not only that they fail.

    python scripts/check_type_messages.py     # run by `nox -s typecheck`; needs pyright and mypy

``tests/typing/check_errors.py`` proves each mistake stays an error; this script proves the error
points at the mistake. The operations that take a body are overloaded (model first, TypedDict
last) because that is what the experiment below showed to work:

- pyright, given a union ``JobCreateParams | JobCreateParamsDict``, reports only that the dict is
  assignable to neither; with the overloads it checks the dict against the TypedDict and names the
  key (``"files_neded" is an undefined item in type "JobCreateParamsDict"``) on the key's own line.
- mypy names the key only when the parameter is a TypedDict alone; for a union or overloads it
  reports ``No overload variant ... matches argument type "dict[str, object]"`` and lists the
  variants, ``JobCreateParamsDict`` among them. Annotating the dict (``body: JobCreateParamsDict =
  {...}``) makes mypy name the key (``Extra key "files_neded" for TypedDict``, on the line of the
  assignment): the docs say so.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SNIPPET = """\
from firsthand import FirstHandClient
from firsthand.models import JobCreateParamsDict


def typo(client: FirstHandClient) -> None:
    client.create_job(
        {
            "type": "feedback",
            "description": "Record a short clip of your street at noon.",
            "files_neded": 1,
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 200,
        }
    )


def wrong_value(client: FirstHandClient) -> None:
    client.rate_job("job_1", {"rating": "5"})


def annotated() -> None:
    body: JobCreateParamsDict = {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_neded": 1,
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
    }
    del body
"""

PYRIGHT_EXPECTS = [
    (10, '"files_neded" is an undefined item in type "JobCreateParamsDict"'),
    (18, '"Literal[\'5\']" is not assignable to "int"'),
    (25, '"files_neded" is an undefined item in type "JobCreateParamsDict"'),
]
MYPY_EXPECTS = [
    (6, 'No overload variant of "create_job" of "FirstHandClient" matches argument type'),
    (6, "def create_job(body: JobCreateParamsDict"),
    (18, 'No overload variant of "rate_job" of "FirstHandClient"'),
    (22, 'Extra key "files_neded" for TypedDict "JobCreateParamsDict"'),
]


def main() -> int:
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "user_code.py"
        path.write_text(SNIPPET, encoding="utf-8")
        pyright = subprocess.run(
            ["pyright", "--outputjson", "--pythonpath", sys.executable, str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        found = [
            (d["range"]["start"]["line"] + 1, d["message"])
            for d in json.loads(pyright.stdout)["generalDiagnostics"]
        ]
        for line, text in PYRIGHT_EXPECTS:
            if not any(at == line and text in message for at, message in found):
                failures.append(f"pyright: line {line} does not say {text!r}; it said {found}")
        mypy = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--no-incremental",
                "--show-error-end",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = mypy.stdout.splitlines()
        for line, text in MYPY_EXPECTS:
            if not any(f"user_code.py:{line}:" in out and text in out for out in lines):
                failures.append(f"mypy: line {line} does not say {text!r}; it said:\n{mypy.stdout}")
    for failure in failures:
        print(failure)
    print(
        "type error messages:",
        "FAIL" if failures else "ok (pyright names the key; mypy as documented)",
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
