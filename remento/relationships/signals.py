"""What pairs tell the apps above them when a pair starts or ends.

Relationships sits below outcomes, so it cannot call the skill assessments itself; the apps
above connect receivers to these signals in their ``AppConfig.ready`` (as pretix's plugins
receive ``order_canceled``).

Both are sent **inside** the transaction that starts or closes the pair, after the pair row
is saved and while it is still locked: what a receiver writes (an assessment to answer)
commits or rolls back with the start or the closing itself, so a pair never ends without its
follow-ups, nor are they written for a closing that failed. Receivers must therefore stay
quick and defer anything outside the database (emails go through
``remento.core.notifications.notify``, which waits for the commit).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``pair`` (the started pair, with its program, mentor and mentee loaded) and
# ``actor`` (the User who started it) by ``services.pair_start``.
pair_started = Signal()

# Sent with ``pairs`` (a list of pairs that have just closed, each with its program, mentor
# and mentee loaded), ``actor`` (a User, or None for an automatic closing) and ``leaving``
# (a frozenset of the employee ids who are leaving the organisation: they are asked nothing
# more) by ``services._close`` (one pair, also when its program closes) and by
# ``personal_data.close_pairs_of_leavers`` (the leavers' pairs, in bulk).
pair_closed = Signal()
