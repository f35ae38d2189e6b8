"""A pair's meetings: proposals and answers, calendar invitations, private calendar feeds,
and the log of what was held or missed (which the pair's health later reads)."""
