"""What the page tests and the browser tests both walk: data, and how to read the sitemaps."""

import re
from urllib.parse import urlsplit

# Every public page with a few words a visitor must find there.
PUBLIC_PAGES = [
    ("home", [], ["In evidenza", "Gruppi a cui puoi partecipare", "Chiedi di partecipare"]),
    ("groups:list", [], ["Cesano Maderno", "Seveso", "Vimercate", "Brugherio", "Verano Brianza"]),
    (
        "groups:detail",
        ["cesano-maderno"],
        ["Palazzo Arese Borromeo", "via Borromeo 41", "18 incontri"],
    ),
    ("signups:signup", [], ["Aderisci a un gruppo", "Invia la richiesta"]),
    ("signups:signup-group", ["verano-brianza-archimedes"], ["Aderisci ad AMALav Archimedes"]),
    ("signups:thanks", [], ["Cosa succede adesso"]),
    ("meetings:list", [], ["Calendario degli incontri", "Prossimi incontri"]),
    ("meetings:month", [2016, 4], ["Aprile 2016", "AMALav Seveso"]),
    ("press:list", [], ["Rassegna stampa", "Ripartono i gruppi di auto mutuo aiuto lavoro"]),
    (
        "press:detail",
        ["ripartono-i-gruppi-di-auto-mutuo-aiuto-lavoro-per-disoccupati"],
        ["Cesano Maderno, 13 aprile 2016", "og:title"],
    ),
    ("press:documents", [], ["Il Mercato del Lavoro e le politiche attive"]),
    (
        "press-page",
        [],
        ["Contatto per la stampa", "Il progetto in numeri", "amalav-logo.svg", "AMALav 1"],
    ),
    ("press:feeds", [], ["Seguire le notizie con un feed", "/rassegna-stampa/feed/"]),
    ("project", [], ["AMALav1", "Fondazione CARIPLO", "CGIL-CISL-UIL"]),
    ("first-project", [], ["7 gruppi", "circa un centinaio di persone"]),
    (
        "how-it-works",
        [],
        ["Chi conduce il gruppo", "Riservatezza", "Entrare a ciclo iniziato", "gratuit"],
    ),
    ("contacts", [], ["coordinamento.amalav@coopaeris.it", "348 3906759"]),
    ("privacy", [], ["24 mesi", "Cooperativa Sociale Aeris"]),
    ("accessibility", [], ["WCAG 2.1"]),
]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def sitemap_text(client) -> str:
    """Every sitemap that /sitemap.xml, the index robots.txt names, lists, one after another."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and b"<sitemapindex" in index.content
    parts = []
    for url in re.findall(r"<loc>([^<]+)</loc>", index.content.decode()):
        part = urlsplit(url)
        response = client.get(part.path + (f"?{part.query}" if part.query else ""))
        assert response.status_code == 200, url
        parts.append(response.content.decode())
    return "\n".join(parts)
