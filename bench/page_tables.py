"""The page walk's figures for one page, and the tables it prints for one walk."""

from __future__ import annotations

from dataclasses import dataclass

PERSONAS = ("admin", "coordinator", "mentor", "mentee")
SLOW_SECONDS = 1.0
LARGE_BYTES = 1_000_000
ACCESS_STATUSES = {302, 403, 404}


@dataclass
class Page:
    persona: str
    url: str
    status: int
    seconds: float
    cpu: float
    size: int
    queries: int
    # The database server's CPU seconds (PostgreSQL's backend, read from /proc: see
    # server_cpu.py); None where it works in this process or cannot be read.
    server: float | None = None

    def cost(self) -> float:
        """CPU seconds, this process's and the database server's."""
        return self.cpu + (self.server or 0.0)


def _ms(seconds: float | None) -> str:
    return f"{'-':>8}" if seconds is None else f"{seconds * 1000:8.1f}"


def table(title: str, pages: list[Page]) -> None:
    print(f"\n{title}")
    print(
        f"  {'persona':<12} {'status':>6} {'ms':>8} {'CPU ms':>8} {'srv ms':>8} "
        f"{'kB':>8} {'queries':>7}  url"
    )
    for page in pages:
        print(
            f"  {page.persona:<12} {page.status:>6} {_ms(page.seconds)} {_ms(page.cpu)} "
            f"{_ms(page.server)} {page.size / 1000:8.1f} {page.queries:>7}  {page.url}"
        )
    if not pages:
        print("  (none)")


def report(vendor: str, people: int, pages: list[Page], server_source: str) -> None:
    """Print one walk's tables: the slowest and the largest pages, those over 1 s (wall or
    CPU with the server's) or 1 MB, failures, and the pages refused to a persona."""
    walked = {persona: sum(p.persona == persona for p in pages) for persona in PERSONAS}
    counts = ", ".join(f"{persona} {count}" for persona, count in walked.items())
    print(f"\n=== {vendor}, {people:,} people: {len(pages)} pages walked ({counts})")
    print(
        "  ms: wall clock.  CPU ms: this process (Python; on SQLite the database too).\n"
        f"  srv ms: the database server's CPU, {server_source}."
    )
    ok = [page for page in pages if page.status == 200]
    table("15 slowest pages (wall)", sorted(ok, key=lambda p: -p.seconds)[:15])
    if any(page.server is not None for page in ok):
        table("15 costliest pages (CPU ms + srv ms)", sorted(ok, key=lambda p: -p.cost())[:15])
    table("10 largest pages", sorted(ok, key=lambda p: -p.size)[:10])
    over = [p for p in pages if max(p.seconds, p.cost()) > SLOW_SECONDS or p.size > LARGE_BYTES]
    table(f"Pages over {SLOW_SECONDS:.0f} s or {LARGE_BYTES // 1_000_000} MB", over)
    odd = [p for p in pages if p.status != 200 and p.status not in ACCESS_STATUSES]
    table("Other statuses (failures)", odd)
    refused = [p for p in pages if p.status in ACCESS_STATUSES]
    table("Redirected or refused (302/403/404: no access for this persona)", refused)
    print(flush=True)
