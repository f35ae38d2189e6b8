"""Signals of the matching app.

``mentor_request_sent`` fires inside the transaction that creates a mentor request (asked by
the mentee, or on their behalf after an earlier one ended), with the new request as
``request``. The task module schedules the request's expiry on it (connected in
``MatchingConfig.ready``), so the services that send requests never import the task that
expires them, which itself sends requests.
"""

from __future__ import annotations

from django.dispatch import Signal

mentor_request_sent = Signal()
