from django.db import migrations

from uprtc.countries.reference import load_countries


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
