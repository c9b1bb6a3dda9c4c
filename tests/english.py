"""Finds English on an admin page: the phrases our libraries ship without Italian.

The phrases are every message of the catalogues behind the admin (Django's admin and
auth, django-axes, django-post-office, django-prose-editor, and the names the editor's
buttons carry in its code), less those whose Italian is the same word ("Email", "URL").
A page shows English when one of its texts is such a phrase, or holds one of several
words; a library's new message is found without anyone listing it.
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import axes
import django
import django_prose_editor
import polib
from django.conf import settings
from django.utils.translation import trans_real

DJANGO = Path(django.__file__).parent
CATALOGUE_DOMAINS = ("django", "djangojs")
EDITOR = Path(django_prose_editor.__file__).parent
CATALOGUES = [
    *(
        DJANGO / f"contrib/{app}/locale/en/LC_MESSAGES/{domain}.po"
        for app in ("admin", "auth", "contenttypes", "flatpages", "sites", "sessions")
        for domain in CATALOGUE_DOMAINS
    ),
    # These ship no English catalogue: the fullest translation lists every message.
    Path(axes.__file__).parent / "locale/de/LC_MESSAGES/django.po",
    EDITOR / "locale/de/LC_MESSAGES/django.po",
    EDITOR / "locale/de/LC_MESSAGES/djangojs.po",
    # And the English our own catalogues translate.
    *(
        Path(settings.BASE_DIR) / f"locale/it/LC_MESSAGES/{domain}.po"
        for domain in CATALOGUE_DOMAINS
    ),
]
# The editor's buttons: `material("format_bold", "bold")`, `svg(`<svg …>`, "Add row")`.
EDITOR_BUTTON = re.compile(r'(?:material\("[a-z_]+"|</svg>`),"([A-Za-z][A-Za-z ]+)"\)')
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]+>")
# Words that make a sentence English and mean nothing in Italian.
FUNCTION_WORDS = {
    "the", "and", "you", "your", "with", "this", "that", "have", "has", "for", "not",
    "of", "or", "is", "to", "be", "by", "can", "will", "was", "from",
}  # fmt: skip
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# English that django-axes writes outside any catalogue (an f-string __str__, a field
# without verbose_name): nothing to translate, so it is only reported, on the office's
# login records and user pages, never a coordinator's.
LIBRARY_ENGLISH_PAGES = ("/admin/axes/", "/admin/auth/user/")


def editor_button_names() -> set[str]:
    code = (EDITOR / "static/django_prose_editor/editor.js").read_text()
    return set(EDITOR_BUTTON.findall(code)) | {"heading %s"}


def translated(message: str, context: str | None, domain: str) -> str | None:
    """The Italian the portal shows for a message, or None when it has none."""
    catalogue = trans_real.DjangoTranslation("it", domain=domain)._catalog
    key = f"{context}\x04{message}" if context else message
    value = catalogue.get(key) or catalogue.get((key, 0))
    return str(value) if value else None


@functools.cache
def english_phrases() -> frozenset[str]:
    """Pieces of every message, lower case, unless Italian says the very same words."""
    messages = [(name, None, "djangojs") for name in editor_button_names()]
    for path in filter(Path.exists, CATALOGUES):
        domain = path.stem
        messages += [
            (entry.msgid, entry.msgctxt, domain)
            for entry in polib.pofile(str(path))
            if not entry.obsolete
        ]
    italian = italian_texts()
    phrases = set()
    for message, context, domain in messages:
        if translated(message, context, domain) == message:
            continue  # "Email", "URL": the same in Italian
        for piece in PLACEHOLDER.split(message):
            piece = " ".join(piece.split()).strip(" .,;:?!…“”\"'()").lower()
            if re.search(r"[a-z]{3}", piece) and piece not in italian:
                phrases.add(piece)
    # The editor's "heading 2" button is "heading %s" in the catalogue.
    return frozenset(phrases | {f"heading {level}" for level in range(1, 7)})


def italian_texts() -> set[str]:
    """Everything the Italian catalogues say: a word Italian uses too is no sign."""
    texts = set()
    for domain in CATALOGUE_DOMAINS:
        for _key, value in trans_real.DjangoTranslation("it", domain=domain)._catalog.items():
            texts.add(" ".join(str(value).split()).strip(" .,;:?!…").lower())
    return texts


def english_in(texts: list[str], url: str = "") -> list[str]:
    """The texts of a page that are, or contain, English."""
    phrases = english_phrases()
    found = []
    for text in texts:
        plain = " ".join(text.split()).strip(" .:?!…").lower()
        if not plain:
            continue
        words = set(re.findall(r"[a-z]+", plain))
        if url.startswith(LIBRARY_ENGLISH_PAGES) and library_english(plain):
            continue
        if plain in phrases or len(words & FUNCTION_WORDS) >= 2:
            found.append(text.strip())
            continue
        if english_phrase_inside().search(plain):
            found.append(text.strip())
    return found


@functools.cache
def english_phrase_inside() -> re.Pattern:
    """Any phrase of two words or more, whole, inside a longer text: one pattern, built
    once (a search per phrase cost the admin walks most of their time)."""
    phrases = sorted((p for p in english_phrases() if " " in p), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w-])")


def library_english(text: str) -> bool:
    return bool(
        re.search(r"\b(access log for|failed access|attempted access)\b", text)
        or text in ("date", "message", "last updated", "attachment")
        # Django appends it to an Italian help text as a plain English literal.
        or text == "if disabled, the current password for this user will be lost"
    )


class TextCollector(HTMLParser):
    """The texts a person sees or hears on a page, read from its HTML."""

    SKIPPED = {"script", "style", "svg", "textarea", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        values = dict(attrs)
        self.texts += [values[name] for name in SHOWN_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.texts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    collector = TextCollector()
    collector.feed(html)
    return collector.texts


# The same texts, read by the browser after the page's scripts ran (icons' ligature
# names, such as "format_bold", are glyphs, not words).
BROWSER_TEXTS = """() => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent.closest("script, style, svg, textarea, template, .material-icons")) continue;
        if (node.textContent.trim()) texts.push(node.textContent);
    }
    const names = ["title", "aria-label", "placeholder", "alt"];
    for (const element of document.querySelectorAll(names.map(n => `[${n}]`).join(", "))) {
        for (const name of names) {
            const value = element.getAttribute(name);
            if (value) texts.push(value);
        }
    }
    return texts;
}"""
