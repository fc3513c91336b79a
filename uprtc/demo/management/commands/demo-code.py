"""``uprtc demo-code EMAIL``: the current second-factor code of a demo account,
so that anyone trying the demo signs in as a moderator or focal point without
an authenticator app. MFA itself stays as strict: the code is the one the
demo's published secret gives, and the command refuses any account whose
authenticator is not that secret, and any server not in DEBUG."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.demo.activities import DEMO_DOMAIN, DEMO_TOTP_SECRET


def current_code(secret: str) -> str:
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo-code runs only with DEBUG on (a demo server).")
        email = opts["email"].strip().lower()
        if not email.endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"{email} is not a demo account (@{DEMO_DOMAIN}).")
        found = Authenticator.objects.filter(
            user__email__iexact=email, type=Authenticator.Type.TOTP
        ).first()
        if found is None:
            raise CommandError(
                f"{email} has no second factor (no such demo account, or one "
                "that signs in with its password alone)."
            )
        if decrypt(found.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} does not use the demo's authenticator secret.")
        self.stdout.write(current_code(DEMO_TOTP_SECRET))
