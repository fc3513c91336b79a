"""Rate limits per token and per address (``API_RATE_TOKEN``,
``API_RATE_ADDRESS``), counted in the shared cache so that several web
processes enforce one limit when ``REDIS_URL`` is set. Without it each process
counts on its own (``uprtc check --deploy`` warns, ``uprtc.W005``). The address
is read through ``TRUSTED_PROXY_COUNT`` proxies (``NINJA_NUM_PROXIES``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self) -> None:
        super().__init__(getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        # read at each request, so that a changed setting applies at once
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AddressThrottle(SettingRateThrottle):
    """Every request from one address, signed in or not: a token used from
    many places is still bounded per place."""

    scope = "address"
    setting = "API_RATE_ADDRESS"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class TokenThrottle(SettingRateThrottle):
    """Requests made with one token, from wherever they come."""

    scope = "token"
    setting = "API_RATE_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "api_token", None)
        if not token:
            return None
        ident = hashlib.sha256(token.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}
