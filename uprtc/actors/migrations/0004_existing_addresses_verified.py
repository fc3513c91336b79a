"""Sign-in now needs a verified address: every account made before open
sign-up was made by an operator, so its address counts as verified."""

from django.db import migrations


def verify_existing(apps, schema_editor):
    User = apps.get_model("actors", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in User.objects.values_list("pk", "email")
            if pk not in known and email
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_onboarding_vetting_anonymity"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing, migrations.RunPython.noop)]
