import django.db.models.deletion
from django.db import migrations, models

# The three phases the field offered as fixed choices, kept as rows with the same codes.
PHASES = {
    "amalav1": "AMALav 1 (2013-2015)",
    "amalav2": "AMALav 2 (2016)",
    "archimedes": "Progetto Archimedes",
}


def phases_to_rows(apps, schema_editor):
    Phase = apps.get_model("groups", "Phase")
    Group = apps.get_model("groups", "Group")
    for slug, name in PHASES.items():
        phase, _created = Phase.objects.get_or_create(slug=slug, defaults={"name": name})
        Group.objects.filter(phase_code=slug).update(phase=phase)


def rows_to_phases(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    for group in Group.objects.select_related("phase"):
        group.phase_code = group.phase.slug[:20] if group.phase else "amalav2"
        group.save(update_fields=["phase_code"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Phase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Per esempio: AMALav 3 (2026).",
                        max_length=100,
                        unique=True,
                        verbose_name="nome",
                    ),
                ),
                ("slug", models.SlugField(unique=True, verbose_name="indirizzo breve")),
            ],
            options={
                "verbose_name": "fase del progetto",
                "verbose_name_plural": "fasi del progetto",
                "ordering": ["name"],
            },
        ),
        migrations.RenameField("group", "phase", "phase_code"),
        migrations.AddField(
            model_name="group",
            name="phase",
            field=models.ForeignKey(
                blank=True,
                help_text="Manca la fase giusta? Aggiungila con il «+» accanto.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="groups",
                to="groups.phase",
                verbose_name="fase del progetto",
            ),
        ),
        migrations.RunPython(phases_to_rows, rows_to_phases),
        migrations.RemoveField("group", "phase_code"),
    ]
