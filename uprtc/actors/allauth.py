"""How django-allauth fits our membership model."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Open but vetted: a new account holds no role. Its owner asks to
        join an organization (its administrators decide) or registers one (a
        moderator vets it); focal points and moderators are still made only by
        moderators (uprtc/actors/onboarding.py). ``SIGNUP_OPEN=0`` closes it."""
        return settings.SIGNUP_OPEN

    def save_user(
        self, request: HttpRequest, user: Any, form: Any, commit: bool = True
    ) -> Any:
        # e-mails (the confirmation, then notifications) in the page's language
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        # just confirmed, no role yet: the desk says what to do next
        return reverse("actors-onboarding")
