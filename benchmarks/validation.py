"""What validating a 100-job page costs, per way of writing the ``Job`` model (issue 13, item 2).

Every option is a copy of ``firsthand.models.Job`` (same fields, same nesting) defined here,
changing one thing at a time from today's model, plus a few combinations:

- unknown fields: ``extra="allow"`` (today) / ``extra="ignore"`` / ``extra="ignore"`` with the raw
  page kept so unknown fields are parsed lazily on first access;
- enum-like fields: ``Literal[...] | str`` smart union (today) / the same union left-to-right /
  the same static type validated as ``str`` in pydantic-core / plain ``str`` / an
  ``AfterValidator`` / a ``str`` subclass;
- timestamps: today's ``Timestamp`` union / ``AwareDatetime`` + an ``AfterValidator`` to UTC /
  ``datetime`` + an ``AfterValidator`` / a ``BeforeValidator`` parsing with ``fromisoformat`` /
  UTC-only ``datetime`` (``tz_constraint=0``) / plain ``datetime`` (no UTC guarantee: reference).

Each option is first checked against the guarantees the SDK keeps (every known field typed and
checked, unknown enum values accepted, timestamps aware UTC datetimes, unknown fields readable);
what it gives up is shown in the last column. Then it is measured on the page the benchmark
server sends for ``GET /v1/jobs?limit=100`` and on the same page with four unknown fields per job:
CPU instructions per validation under callgrind (when valgrind is installed) and wall time (min of
interleaved rounds), each also as a ratio to ``json.loads`` of the same bytes.

Run: ``python benchmarks/validation.py`` (add ``--quick`` for fewer rounds); ``run.py`` runs it too.
"""

import datetime as dt
import gc
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Literal, Optional, Union

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    PrivateAttr,
    ValidationError,
    create_model,
)
from pydantic_core import core_schema
from typing_extensions import Annotated

from callgrind import Meter, callgrind_unavailable_reason, per_call, run_under_callgrind
from server import job_store, jobs_page_payload

HERE = Path(__file__).resolve().parent

JobType = Literal["data_collection", "feedback"]
JobStatus = Literal["open", "filled", "in_progress", "completed", "cancelled"]
AcceptedFormat = Literal[
    "image/jpeg",
    "image/png",
    "image/webp",
    "audio/mpeg",
    "audio/wav",
    "audio/mp4",
    "video/mp4",
    "video/quicktime",
]

# -- the pages ----------------------------------------------------------------------------------


def page_bytes(unknown_fields: bool = False) -> bytes:
    """The server's ``GET /v1/jobs?limit=100`` body, optionally with 4 unknown fields per job."""
    payload = jobs_page_payload(job_store(), 100)
    if unknown_fields:
        for i, job in enumerate(payload["data"]):
            job["review_state"] = ("none", "queued", "done")[i % 3]
            job["tags"] = ["bench", f"batch-{i // 10}"]
            job["priority_score"] = round(0.01 * i, 2)
            job["assignee"] = {"id": f"usr_{i:04d}", "name": "Worker"}
    return json.dumps(payload, separators=(",", ":")).encode()


# -- enum-like fields ---------------------------------------------------------------------------

_KNOWN: dict[str, str] = {
    v: v for lit in (JobType, JobStatus, AcceptedFormat) for v in lit.__args__
}


def _tolerant(value: str) -> str:
    # A known value is replaced by the interned constant; an unknown one is kept as sent.
    return _KNOWN.get(value, value)


class TolerantStr(str):
    """A ``str`` subclass for enum-like values: ``.known`` tells whether this SDK knows it."""

    @property
    def known(self) -> bool:
        return str(self) in _KNOWN

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(cls, core_schema.str_schema())


def _str_at_runtime(_source: Any, _handler: Any) -> core_schema.CoreSchema:
    return core_schema.str_schema()


def enum_type(mode: str, lit: Any) -> Any:
    if mode == "union":  # today: Union[Literal[...], str], pydantic's smart union
        return Union[lit, str]
    if mode == "union-l2r":
        return Annotated[Union[lit, str], Field(union_mode="left_to_right")]
    if mode == "str-schema":  # the same static type, validated as the str it always is
        return Annotated[Union[lit, str], GetPydanticSchema(_str_at_runtime)]
    if mode == "str":
        return str
    if mode == "after":
        return Annotated[str, AfterValidator(_tolerant)]
    if mode == "subclass":
        return TolerantStr
    raise ValueError(mode)


# -- timestamps ---------------------------------------------------------------------------------


def _as_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone.utc)


def _parse_iso(value: Any) -> Any:
    if isinstance(value, str):
        text = value[:-1] + "+00:00" if value.endswith("Z") else value
        try:
            return _as_utc(dt.datetime.fromisoformat(text))
        except ValueError:
            return value  # left to the datetime schema, which reports the error
    return value


def _union_schema(_source: Any, _handler: Any) -> core_schema.CoreSchema:
    # A copy of firsthand._models._base._timestamp_schema (today's Timestamp).
    return core_schema.union_schema(
        [
            core_schema.datetime_schema(tz_constraint=0),
            core_schema.no_info_after_validator_function(_as_utc, core_schema.datetime_schema()),
        ],
        mode="left_to_right",
        custom_error_type="timestamp_parsing",
        custom_error_message="Input should be an ISO 8601 timestamp",
    )


def _utc_only_schema(_source: Any, _handler: Any) -> core_schema.CoreSchema:
    return core_schema.datetime_schema(tz_constraint=0)


def timestamp_type(mode: str) -> Any:
    if mode == "union":
        return Annotated[dt.datetime, GetPydanticSchema(_union_schema)]
    if mode == "aware-after":
        return Annotated[AwareDatetime, AfterValidator(_to_utc)]
    if mode == "after":
        return Annotated[dt.datetime, AfterValidator(_as_utc)]
    if mode == "before":
        return Annotated[dt.datetime, BeforeValidator(_parse_iso)]
    if mode == "utc-only":
        return Annotated[dt.datetime, GetPydanticSchema(_utc_only_schema)]
    if mode == "plain":
        return dt.datetime
    raise ValueError(mode)


# -- the models ---------------------------------------------------------------------------------


class Option:
    """One way of writing the model: a ``validate(body)`` and a way to read an unknown field."""

    def __init__(self, name: str, extra: str, enums: str, timestamps: str) -> None:
        self.name = name
        self.extra = extra
        lazy = extra in ("ignore+raw", "ignore+lazy")
        self.per_job = extra == "ignore+lazy"
        config = ConfigDict(extra="ignore" if lazy else extra)  # type: ignore[typeddict-item]
        ts = timestamp_type(timestamps)
        location = create_model(
            "JobLocation",
            __config__=config,
            lat=(Optional[float], None),
            lng=(Optional[float], None),
            radius_km=(Optional[float], None),
        )
        self.job = create_model(
            "Job",
            __config__=config,
            object=(str, "job"),
            id=(str, ...),
            type=(enum_type(enums, JobType), ...),
            status=(enum_type(enums, JobStatus), ...),
            description=(str, ...),
            files_needed=(int, ...),
            files_approved=(int, ...),
            price_per_file_cents=(int, ...),
            created_at=(ts, ...),
            title=(Optional[str], None),
            files_pending=(Optional[int], None),
            files_rejected=(Optional[int], None),
            accepted_formats=(Optional[List[enum_type(enums, AcceptedFormat)]], None),
            total_cost_cents=(Optional[int], None),
            location=(Optional[location], None),
            deadline=(Optional[ts], None),
            max_workers=(Optional[int], None),
            metadata=(Optional[Dict[str, Any]], None),
            files_per_submission=(Optional[int], None),
            scoring_criteria=(Optional[str], None),
            min_star_rating=(Optional[int], None),
            min_width=(Optional[int], None),
            min_height=(Optional[int], None),
            worker_guidelines=(Optional[str], None),
            buyer_rating=(Optional[int], None),
            updated_at=(Optional[ts], None),
            completed_at=(Optional[ts], None),
            cancelled_at=(Optional[ts], None),
        )
        fields: dict[str, Any] = {
            "object": (str, "list"),
            "data": (List[self.job], ...),  # type: ignore[name-defined]
            "has_more": (bool, ...),
            "next_cursor": (Optional[str], None),
        }
        if lazy:
            fields["_raw"] = (bytes, PrivateAttr(b""))
        self.envelope: Any = create_model(
            "JobList", __config__=ConfigDict(extra=config["extra"]), **fields
        )
        self.lazy = lazy

    def validate(self, body: bytes) -> Any:
        page = self.envelope.model_validate_json(body)
        if self.lazy:
            page._raw = body  # one attribute per page; unknown fields are parsed on first use
            if self.per_job:
                for index, job in enumerate(page.data):
                    object.__setattr__(job, "__pydantic_extra__", LazyExtras(page, index))
        return page

    def unknown_field(self, page: Any, index: int, name: str) -> Any:
        """An unknown field of ``page.data[index]``, the way this option makes it readable."""
        if self.lazy and not self.per_job:
            return lazy_extra(page, index).get(name)
        extra = page.data[index].model_extra
        return None if extra is None else extra.get(name)


def lazy_extra(page: Any, index: int) -> dict[str, Any]:
    """What ``model_extra`` would hold, from the kept raw page (parsed once, on first use)."""
    cache = page.__dict__.get("_extras")
    if cache is None:
        known = set(type(page.data[0]).model_fields) if page.data else set()
        cache = [
            {k: v for k, v in item.items() if k not in known}
            for item in json.loads(page._raw)["data"]
        ]
        object.__setattr__(page, "_extras", cache)
    extras: dict[str, Any] = cache[index]
    return extras


class LazyExtras(dict):  # type: ignore[type-arg]
    """A job's ``model_extra`` that is filled from the page's raw bytes on first read (a sketch:
    the read methods a user reaches for; the page is parsed once for all of its jobs)."""

    __slots__ = ("_index", "_page")

    def __init__(self, page: Any, index: int) -> None:
        super().__init__()
        self._page: Any = page
        self._index = index

    def _load(self) -> None:
        if self._page is not None:
            page, self._page = self._page, None
            super().update(lazy_extra(page, self._index))

    def __getitem__(self, key: Any) -> Any:
        self._load()
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._load()
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __iter__(self) -> Any:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def items(self) -> Any:
        self._load()
        return super().items()

    def keys(self) -> Any:
        self._load()
        return super().keys()

    def values(self) -> Any:
        self._load()
        return super().values()

    def __repr__(self) -> str:
        self._load()
        return super().__repr__()


class Today:
    """``firsthand``'s own ``JobList.model_validate_json`` (imported from the installed SDK)."""

    name = "firsthand JobList.model_validate_json (today)"
    lazy = False

    def __init__(self) -> None:
        from firsthand.models import Job, ListEnvelope

        self.envelope: Any = ListEnvelope[Job]

    def validate(self, body: bytes) -> Any:
        return self.envelope.model_validate_json(body)

    def unknown_field(self, page: Any, index: int, name: str) -> Any:
        return page.data[index].get(name)


#: (name, extra, enums, timestamps). The first row is the copy of today's model.
OPTIONS = (
    ("copy of today: allow, Literal|str, Timestamp union", "allow", "union", "union"),
    ('extra="ignore"', "ignore", "union", "union"),
    ('extra="ignore" + raw page kept (lazy extras on the page)', "ignore+raw", "union", "union"),
    ('extra="ignore" + lazy model_extra per job', "ignore+lazy", "union", "union"),
    ("enums: Literal|str, left_to_right union", "allow", "union-l2r", "union"),
    ("enums: Literal|str typed, str schema at runtime", "allow", "str-schema", "union"),
    ("enums: plain str", "allow", "str", "union"),
    ("enums: str + AfterValidator", "allow", "after", "union"),
    ("enums: str subclass (TolerantStr)", "allow", "subclass", "union"),
    ("timestamps: AwareDatetime + AfterValidator(UTC)", "allow", "union", "aware-after"),
    ("timestamps: datetime + AfterValidator(UTC)", "allow", "union", "after"),
    ("timestamps: BeforeValidator(fromisoformat)", "allow", "union", "before"),
    ("timestamps: UTC-only datetime (tz_constraint=0)", "allow", "union", "utc-only"),
    ("timestamps: plain datetime (reference)", "allow", "union", "plain"),
    ("combo: allow + str schema + Timestamp union", "allow", "str-schema", "union"),
    ("combo: ignore+raw + str schema + Timestamp union", "ignore+raw", "str-schema", "union"),
    ("combo: ignore+lazy per job + str schema + union", "ignore+lazy", "str-schema", "union"),
    ("floor: ignore + plain str + UTC-only", "ignore", "str", "utc-only"),
)
JSON_LOADS = "json.loads (baseline)"


def build() -> dict[str, Any]:
    """Every option by name (today's SDK model first, when importable)."""
    built: dict[str, Any] = {}
    try:
        today = Today()
        built[today.name] = today
    except ImportError:
        pass
    for name, extra, enums, timestamps in OPTIONS:
        if name.startswith("combo: allow + str schema"):
            continue  # the same model as the "enums: ... str schema" row
        built[name] = Option(name, extra, enums, timestamps)
    return built


# -- the guarantees -----------------------------------------------------------------------------


def _variant(body: bytes, **changes: Any) -> bytes:
    page = json.loads(body)
    page["data"][0].update(changes)
    return json.dumps(page).encode()


def guarantees(option: Any) -> list[str]:
    """What ``option`` gives up of the SDK's guarantees (empty: it keeps them all)."""
    lost: list[str] = []
    body = page_bytes()
    page = option.validate(body)
    if len(page.data) != 100:
        lost.append("drops jobs")
    for field in ("files_needed", "price_per_file_cents"):
        try:
            option.validate(_variant(body, **{field: "many"}))
            lost.append(f"accepts a non-integer {field}")
        except ValidationError:
            pass
    for bad in ("not a date", "2026-13-45T00:00:00Z"):
        try:
            option.validate(_variant(body, created_at=bad))
            lost.append(f"accepts created_at={bad!r}")
        except ValidationError:
            pass
    try:
        job = option.validate(
            _variant(body, status="paused", type="survey", accepted_formats=["image/avif"])
        ).data[0]
        if (job.status, job.type, job.accepted_formats) != ("paused", "survey", ["image/avif"]):
            lost.append("changes unknown enum values")
    except ValidationError:
        lost.append("rejects unknown enum values")
    created = page.data[0].created_at
    if created.tzinfo is None or created.utcoffset() != dt.timedelta(0):
        lost.append("'...Z' timestamps not aware UTC")
    for label, text in (
        ("offset", "2026-03-20T21:03:27.971+02:00"),
        ("naive", "2026-03-20T19:03:27.971"),
    ):
        try:
            value = option.validate(_variant(body, created_at=text)).data[0].created_at
        except ValidationError:
            lost.append(f"rejects {label} timestamps")
            continue
        if value.tzinfo is None or value.utcoffset() != dt.timedelta(0):
            lost.append(f"{label} timestamps not converted to UTC")
        elif value != dt.datetime(2026, 3, 20, 19, 3, 27, 971000, tzinfo=dt.timezone.utc):
            lost.append(f"{label} timestamps read wrong")
    extra_page = option.validate(page_bytes(unknown_fields=True))
    if option.unknown_field(extra_page, 7, "review_state") != "queued":
        lost.append("unknown fields not readable")
    return lost


# -- measuring ----------------------------------------------------------------------------------

PAGES = {"known fields only": False, "+4 unknown fields per job": True}


def cases() -> dict[str, dict[str, Callable[[], object]]]:
    """``{page: {option: call}}``, ``json.loads`` first."""
    options = build()
    out: dict[str, dict[str, Callable[[], object]]] = {}
    for page, unknown in PAGES.items():
        body = page_bytes(unknown)
        calls: dict[str, Callable[[], object]] = {JSON_LOADS: lambda b=body: json.loads(b)}
        for name, option in options.items():
            calls[name] = lambda o=option, b=body: o.validate(b)
        out[page] = calls
    return out


def worker(calls: int) -> int:
    """Run under callgrind: count every case of every page."""
    meter = Meter()
    for page, page_cases in cases().items():
        for name, call in page_cases.items():
            for _ in range(2):
                call()
            gc.collect()
            gc.disable()
            meter.measure(f"{page}|{name}", call, calls)
            gc.enable()
    return 0


def _wall(rounds: int, iters: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for page, page_cases in cases().items():
        samples: dict[str, list[float]] = {name: [] for name in page_cases}
        names = list(page_cases)
        for call in page_cases.values():
            call()
        gc.collect()
        gc.disable()
        try:
            for r in range(rounds):
                shift = r % len(names)
                for name in names[shift:] + names[:shift]:
                    call = page_cases[name]
                    start = time.perf_counter_ns()
                    for _ in itertools.repeat(None, iters):
                        call()
                    samples[name].append((time.perf_counter_ns() - start) / iters / 1000)
        finally:
            gc.enable()
        out[page] = {name: min(s) for name, s in samples.items()}
    return out


def measure(quick: bool = False) -> dict[str, Any]:
    """Guarantees, wall time and (when valgrind is there) instructions of every option."""
    options = build()
    lost = {name: guarantees(option) for name, option in options.items()}
    lost["combo: allow + str schema + Timestamp union"] = lost[
        "enums: Literal|str typed, str schema at runtime"
    ]
    wall = _wall(rounds=3 if quick else 7, iters=5 if quick else 20)
    calls = 2 if quick else 4
    reason = callgrind_unavailable_reason()
    instructions: dict[str, dict[str, Optional[float]]] = {}
    if reason is None:
        try:
            counts = run_under_callgrind([str(HERE / "validation.py"), "--worker", str(calls)])[
                "counts"
            ]
            for page, page_cases in cases().items():
                instructions[page] = {
                    name: per_call(counts, f"{page}|{name}", calls) for name in page_cases
                }
        except RuntimeError as exc:
            reason = str(exc)
    body = page_bytes()
    return {
        "page_bytes": {page: len(page_bytes(unknown)) for page, unknown in PAGES.items()},
        "body_bytes": len(body),
        "callgrind": reason,
        "calls": calls,
        "lost": lost,
        "wall_us": wall,
        "instructions": instructions,
    }


def _row_names(res: dict[str, Any]) -> list[str]:
    names = [JSON_LOADS, *res["lost"]]
    combo = "combo: allow + str schema + Timestamp union"
    if combo in names:  # print it with the other combinations
        names.remove(combo)
        names.insert(names.index("combo: ignore+raw + str schema + Timestamp union"), combo)
    return names


def table(res: dict[str, Any]) -> str:
    """The validation table (markdown), instructions and wall time, ratios to ``json.loads``."""
    pages = list(PAGES)
    alias = {
        "combo: allow + str schema + Timestamp union": "enums: Literal|str typed, str schema at runtime"
    }
    head = ["option"]
    for page in pages:
        if res["instructions"]:
            head += [f"M instr ({page})", "vs json.loads"]
        head += [f"us ({page})", "vs json.loads"]
    head.append("gives up")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in _row_names(res):
        key = alias.get(name, name)
        cells = [name]
        for page in pages:
            if res["instructions"]:
                value = res["instructions"][page].get(key)
                base = res["instructions"][page][JSON_LOADS]
                cells += [_num(value, 1e6, ".2f"), _ratio(value, base)]
            value = res["wall_us"][page].get(key)
            base = res["wall_us"][page][JSON_LOADS]
            cells += [_num(value, 1, ".0f"), _ratio(value, base)]
        lost = res["lost"].get(key)
        cells.append("-" if lost is None else (", ".join(lost) or "nothing"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _num(value: Optional[float], scale: float, spec: str) -> str:
    return "-" if value is None else f"{value / scale:{spec}}"


def _ratio(value: Optional[float], base: Optional[float]) -> str:
    return "-" if value is None or not base else f"{value / base:.2f}x"


def print_table(res: dict[str, Any]) -> None:
    sizes = ", ".join(f"{page}: {n:,} bytes" for page, n in res["page_bytes"].items())
    print(f"\n7. validating one list_jobs(limit=100) page ({sizes})")
    if res["callgrind"]:
        print(f"  instructions: not measured ({res['callgrind']})")
    else:
        print(
            f"  instructions: per validation under callgrind ({res['calls']} validations counted)"
        )
    print("  wall time: min of interleaved rounds, per validation")
    print(table(res))


def main(argv: Optional[list[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--worker"]:
        return worker(int(args[1]))
    res = measure(quick="--quick" in args)
    print_table(res)
    if "--json" in args:
        print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
