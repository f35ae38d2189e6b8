"""``remento keep-figures``: keep the figures that judge the whole organisation; for cron.

The organisation dashboard's funnel and KPIs by group, and each program's KPIs, results-page
figures and comparison group of non-participants (retention, promotion), are worked out here
so that the pages read them instead of every enrolment, pair and person at each view. A
crontab line for a nightly run, after ``snapshot-kpis``::

    0 3 * * *  cd /srv/remento && .venv/bin/remento keep-figures

``--enqueue`` hands the work to the task worker (``remento db_worker``) instead.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.outcomes.kept.tasks import keep_figures


class Command(TaskCommand):
    help = (
        "Keep the organisation dashboards' funnel and breakdowns and each program's "
        "results and comparison groups, for the pages to read. Run it from cron (e.g. nightly)."
    )
    task = keep_figures

    def report(self, done: int) -> str:
        return f"{count_of(done, 'set')} of figures kept."
