"""File sizes in Italian: Django's filesizeformat leaves "bytes" in English."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def file_size(value: int | None) -> str:
    """ "303 byte", "23,4 KB", "2,4 MB": Italian writes "byte" in the plural too."""
    if value is None:
        return ""
    if value < 1024:
        # Words of our own: Django's catalogue has "%(size)d byte", translated "bytes".
        return ngettext("%(number)d byte", "%(number)d byte", value) % {"number": value}
    return filesizeformat(value)
