"""Phone numbers as people read them, linked so that a tap on a phone calls them."""

import phonenumbers
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.phones import for_people, tel_href

register = template.Library()


register.filter("tel_href", tel_href)


@register.filter
def tel_link(value: str) -> SafeString | str:
    """The number as Italians write it, inside a tap-to-call link (plain text if it is no
    number)."""
    href = tel_href(value)
    if not href:
        return value
    return format_html('<a href="{}" class="tel">{}</a>', href, for_people(value))


@register.filter(is_safe=True)
def link_phones(text: str) -> SafeString:
    """Plain text, escaped, with every Italian phone number in it as a tap-to-call link."""
    text = str(text)
    parts: list[str] = []
    last = 0
    for match in phonenumbers.PhoneNumberMatcher(text, "IT"):
        parts += [text[last : match.start], tel_link(match.raw_string)]
        last = match.end
    parts.append(text[last:])
    # format_html_join escapes the text and keeps the links it is given as safe.
    return format_html_join("", "{}", ((part,) for part in parts))
