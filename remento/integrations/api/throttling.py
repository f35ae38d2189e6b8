"""Rate limits per token (django-ninja's throttling, keyed on the token, not the address).

The rate is ``settings.API_RATE_LIMIT`` ("600/min" unless ``REMENTO_API_RATE_LIMIT`` says
otherwise), read on every request so that a changed setting applies at once. Counts live in
Django's cache: with several server processes, give them a shared cache (Redis) for one
count per token; with the default per-process cache each process counts on its own.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "600/min"


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api-token"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE) or DEFAULT_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
