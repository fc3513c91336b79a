from django.db import migrations

from uprtc.taxonomies.reference import load_taxonomies


class Migration(migrations.Migration):
    dependencies = [("taxonomies", "0001_initial")]
    operations = [migrations.RunPython(load_taxonomies, migrations.RunPython.noop)]
