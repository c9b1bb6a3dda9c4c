from django.db import migrations, models


def mark_documents_on_request(apps, schema_editor):
    # Documents stored without file or link were always "ask the coordination".
    Document = apps.get_model("press", "Document")
    Document.objects.filter(file="", url="").update(on_request=True)


class Migration(migrations.Migration):
    dependencies = [("press", "0003_press_attachments")]

    operations = [
        migrations.AlterField(
            model_name="pressitem",
            name="is_published",
            field=models.BooleanField(
                default=False,
                help_text="Una bozza non compare sul sito: controllala con «Anteprima», poi pubblicala.",
                verbose_name="pubblicato",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="on_request",
            field=models.BooleanField(
                default=False,
                help_text="Senza file né link: il sito invita a chiederlo al coordinamento.",
                verbose_name="solo su richiesta",
            ),
        ),
        migrations.RunPython(mark_documents_on_request, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("file", ""), _negated=True),
                    models.Q(("url", ""), _negated=True),
                    ("on_request", True),
                    _connector="OR",
                ),
                name="document_has_file_or_link",
                violation_error_message="Carica un file o indica un link esterno (oppure segna il documento come «solo su richiesta»).",
            ),
        ),
    ]
