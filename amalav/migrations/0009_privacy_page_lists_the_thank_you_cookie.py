"""The privacy page names the thank-you page's cookie (which replaced a visitor session).

Only a page that still holds the seed's earlier paragraph word for word is changed: a
paragraph the coordination rewrote is theirs to update.
"""

from django.db import migrations

EARLIER = (
    "<p>Il sito usa solo cookie tecnici: uno che protegge il modulo di adesione da invii "
    "contraffatti e, per i coordinatori, quello di accesso all'amministrazione. Nessun cookie "
    "di profilazione, nessuna risorsa caricata da altri siti.</p>"
)
# amalav.seed.pages.COOKIE_PARAGRAPH as this migration was written: the seed may change.
NOW = (
    "<p>Il sito usa solo cookie tecnici: uno che protegge il modulo di adesione da invii "
    "contraffatti; uno che, per mezz'ora dopo l'invio, permette alla pagina di conferma di "
    "dirti come ti ricontatteremo (contiene solo il numero della richiesta, firmato); e, per i "
    "coordinatori, quello di accesso all'amministrazione. Nessun cookie di profilazione, "
    "nessuna risorsa caricata da altri siti.</p>"
)


def replace(apps, old: str, new: str) -> None:
    FlatPage = apps.get_model("flatpages", "FlatPage")
    for page in FlatPage.objects.filter(url="/privacy/", content__contains=old):
        page.content = page.content.replace(old, new)
        page.save(update_fields=["content"])


def forwards(apps, schema_editor):
    replace(apps, EARLIER, NOW)


def backwards(apps, schema_editor):
    replace(apps, NOW, EARLIER)


class Migration(migrations.Migration):
    dependencies = [
        ("amalav", "0008_menu_entries_in_a_total_order"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
