"""The load test's table and its verdict, read from locust's `<prefix>_stats.csv` (no Django here).

The locustfile names each request for what it is: `kiosk sign-in (PIN)` and `staff sign-in
(password)` on lines of their own (their time is mostly the password hasher's, on purpose),
`kiosk: <page>` for the kiosk's pages and `staff: <page>` for the office's.

Targets (README, "Load test"): no errors anywhere, sign-ins included; the kiosk's pages together
at least `kiosk_rps` requests a second; every page's p95 at most `p95_ms`. Sign-ins are printed
and counted for errors but not held to the page p95: a strong hasher is meant to take its time.
"""

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SIGN_IN_PREFIXES = ("kiosk sign-in", "staff sign-in")
KIOSK_PREFIX = "kiosk: "
STAFF_PREFIX = "staff: "
AGGREGATED = "Aggregated"


@dataclass(frozen=True)
class Targets:
    kiosk_rps: float = 300.0
    p95_ms: float = 100.0


@dataclass(frozen=True)
class Line:
    name: str
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int

    @property
    def is_sign_in(self) -> bool:
        return self.name.startswith(SIGN_IN_PREFIXES)

    @property
    def is_kiosk_page(self) -> bool:
        return self.name.startswith(KIOSK_PREFIX)

    @property
    def is_staff_page(self) -> bool:
        return self.name.startswith(STAFF_PREFIX)


def _number(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:  # locust writes "N/A" for a percentile of no requests
        return 0.0


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as stats:
        return list(csv.DictReader(stats))


def lines_from(rows: Iterable[Mapping[str, str]]) -> list[Line]:
    return [
        Line(
            name=row["Name"],
            requests=int(_number(row["Request Count"])),
            rps=_number(row["Requests/s"]),
            p50=_number(row["50%"]),
            p95=_number(row["95%"]),
            p99=_number(row["99%"]),
            errors=int(_number(row["Failure Count"])),
        )
        for row in rows
    ]


def _total(name: str, lines: list[Line]) -> Line:
    """Requests, rate and errors summed; percentiles the worst line's (an upper bound on the group's)."""
    return Line(
        name=name,
        requests=sum(line.requests for line in lines),
        rps=sum(line.rps for line in lines),
        p50=max((line.p50 for line in lines), default=0),
        p95=max((line.p95 for line in lines), default=0),
        p99=max((line.p99 for line in lines), default=0),
        errors=sum(line.errors for line in lines),
    )


@dataclass(frozen=True)
class Verdict:
    table: str
    missed: list[str]

    @property
    def ok(self) -> bool:
        return not self.missed


def judge(rows: Iterable[Mapping[str, str]], targets: Targets = Targets()) -> Verdict:
    lines = lines_from(rows)
    everything = next((line for line in lines if line.name == AGGREGATED), None)
    named = [line for line in lines if line.name != AGGREGATED]
    sign_ins = [line for line in named if line.is_sign_in]
    kiosk = [line for line in named if line.is_kiosk_page]
    staff = [line for line in named if line.is_staff_page]
    others = [line for line in named if line not in sign_ins + kiosk + staff]
    kiosk_total = _total("kiosk pages, together (worst page's percentiles)", kiosk)
    staff_total = _total("staff pages, together (worst page's percentiles)", staff)
    everything = everything or _total("everything", named)

    missed = []
    errors = sum(line.errors for line in named)
    if errors:
        missed.append(f"{errors} requests failed (target: none)")
    if kiosk_total.rps < targets.kiosk_rps:
        missed.append(
            f"kiosk pages {kiosk_total.rps:.0f} requests/s (target: at least {targets.kiosk_rps:.0f})"
        )
    for line in kiosk + staff + others:
        if line.p95 > targets.p95_ms:
            missed.append(f"{line.name}: p95 {line.p95:.0f} ms (target: at most {targets.p95_ms:.0f} ms)")

    sections = [
        ("Sign-in (hashing included; not held to the page p95)", sign_ins),
        ("Kiosk pages", [*kiosk, kiosk_total]),
        ("Staff pages", [*staff, staff_total]),
        ("Other", others),
        ("Totals", [everything]),
    ]
    width = max([len(line.name) for line in named] + [len(kiosk_total.name), 10])
    header = f"{'':<{width}}  {'req/s':>7}  {'p50 ms':>6}  {'p95 ms':>6}  {'p99 ms':>6}  {'errors':>6}  {'requests':>8}"
    out = []
    for title, section in sections:
        if not section:
            continue
        out += [title, header]
        out += [
            f"{line.name:<{width}}  {line.rps:7.1f}  {line.p50:6.0f}  {line.p95:6.0f}  {line.p99:6.0f}  "
            f"{line.errors:6d}  {line.requests:8d}"
            for line in section
        ]
        out.append("")
    out.append(
        f"Targets: no errors; kiosk pages >= {targets.kiosk_rps:.0f} requests/s together; "
        f"every page p95 <= {targets.p95_ms:.0f} ms."
    )
    out += [f"MISSED: {miss}" for miss in missed] or ["Every target met."]
    return Verdict(table="\n".join(out), missed=missed)
