"""How django-allauth fits our membership model."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """No open sign-up: people act only through memberships that an
        administrator or moderator approves, and the repository holds names of
        people who cooperate with the UN, so accounts are created by
        administrators (`uprtc add-user`, the admin site)."""
        return False
