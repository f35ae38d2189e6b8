"""Services of the matching app: bulk runs under review (``bulk``), publishing them
(``publish``), participant choice (``requests``; ``expiry`` for requests that end unanswered,
``sending`` for what both share) and the checks they share (``common``)."""
