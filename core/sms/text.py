"""How long a text message is, and how to make Italian text fit the GSM-7 alphabet.

A phone counts an SMS in segments: 160 characters of the GSM 03.38 alphabet (153 in
each part of a longer message), or 70 UTF-16 units (67 a part) as soon as a single
character is outside it. Each segment is paid for, and a text fitted to GSM-7 goes
more than twice as far, so we fit what we can where the meaning survives.
"""

import unicodedata
from typing import NamedTuple

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# GSM 03.38 basic character set (escape excluded). Note à è é ì ò ù, but of the capitals
# only É: È À Ì Ò Ù are not in it.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each character takes an escape and itself, two septets.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE = {GSM7: 160, UCS2: 70}
PART = {GSM7: 153, UCS2: 67}

# Italian first: a capital with a grave accent becomes the letter and an apostrophe, as
# Italians type it without the key ("E' cambiato"); acute and grave small letters GSM-7
# lacks take the accent it has, so the word keeps its stress.
REPLACEMENTS = {
    "È": "E'",
    "À": "A'",
    "Ì": "I'",
    "Ò": "O'",
    "Ù": "U'",
    "Á": "A'",
    "Í": "I'",
    "Ó": "O'",
    "Ú": "U'",
    "á": "à",
    "í": "ì",
    "ó": "ò",
    "ú": "ù",
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’ (the apostrophe word processors type)
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′
    "`": "'",
    "´": "'",
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2033": '"',  # ″
    "«": '"',
    "»": '"',
    "\u2010": "-",  # ‐
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # ‒
    "\u2013": "-",  # –
    "\u2014": "-",  # —
    "\u2015": "-",  # ―
    "\u2212": "-",  # −
    "\u2026": "...",  # …
    "\u2022": "-",  # •
    "\u00b7": "-",  # ·
    "Ł": "L",  # no accent to take off: NFKD keeps it whole
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "ı": "i",
    "°": "o",  # "1° incontro"
    "º": "o",
    "ª": "a",
    "\t": " ",
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space (French and Italian number formats)
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte order mark
    "\u00ad": "",  # soft hyphen
}


class Segments(NamedTuple):
    encoding: str
    parts: int


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _units(text: str, encoding: str) -> list[int]:
    """The width of each character: septets in GSM-7, UTF-16 code units in UCS-2."""
    if encoding == GSM7:
        return [2 if char in GSM7_EXTENSION else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def segments(text: str) -> Segments:
    """The encoding a phone network uses for `text` and how many SMS it is billed as.

    A character never straddles two parts: an escaped GSM-7 character or a UTF-16
    surrogate pair that does not fit at the end of a part starts the next one.
    """
    encoding = GSM7 if is_gsm7(text) else UCS2
    units = _units(text, encoding)
    if sum(units) <= SINGLE[encoding]:
        return Segments(encoding, 1)
    parts, used = 1, 0
    for width in units:
        if used + width > PART[encoding]:
            parts, used = parts + 1, 0
        used += width
    return Segments(encoding, parts)


def _fit_char(char: str) -> str:
    if char in GSM7_BASIC or char in GSM7_EXTENSION:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    # A Latin letter with marks GSM-7 lacks (ș, ć, ł is not one) keeps its base letter,
    # so names from all over Europe stay readable: "Ștefan" -> "Stefan".
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base != char and is_gsm7(base):
        return base
    return char


def fit_gsm7(text: str) -> str:
    """`text` with each character outside GSM-7 replaced by one that means the same.

    Characters with no such replacement (an emoji, a Cyrillic letter) are kept, so the
    result may still need UCS-2.
    """
    return "".join(_fit_char(char) for char in text)


def sms_text(text: str) -> str:
    """The text to send: fitted to GSM-7 when that takes fewer segments, else as written.

    At the same cost the original wins: "È" arrives as "È", not "E'".
    """
    fitted = fit_gsm7(text)
    return fitted if segments(fitted).parts < segments(text).parts else text
