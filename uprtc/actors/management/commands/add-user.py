"""Create a user, organization and approved membership as needed. A new focal point or
moderator with no second factor is e-mailed a one-time enrolment link, also printed.
With --token, the last line of output is a new API token.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.actors.models import OrgType, Role
from uprtc.actors.services import add_user, issue_api_token
from uprtc.core.errors import DomainError


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--org", required=True, help="organization name")
        parser.add_argument("--org-type", required=True, choices=OrgType.values)
        parser.add_argument("--country", help="ISO 3166 alpha-3 code")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--token", action="store_true", help="print a new API token"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = add_user(
                opts["email"],
                org_name=opts["org"],
                org_type=opts["org_type"],
                role=opts["role"],
                country_iso3=opts["country"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        created = ", ".join(result.created) or "nothing (all existed)"
        self.stdout.write(
            f"{result.user.email}: {opts['role']} of {result.organization.name} "
            f"({result.organization.org_type}); created: {created}"
        )
        if result.enrolment_link:
            self.stdout.write(
                f"second-factor enrolment link (e-mailed to {result.user.email}; "
                f"one use, valid {settings.MFA_ENROLMENT_LINK_HOURS} h, for that "
                f"account signed in): {result.enrolment_link}"
            )
        if opts["token"]:
            self.stdout.write(issue_api_token(result.user, actor="command:add-user"))
