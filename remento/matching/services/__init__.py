"""Services of the matching app: bulk runs under review (``bulk``), publishing them
(``publish``), participant choice (``choice``) and the checks they share (``common``)."""
