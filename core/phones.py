"""Phone numbers as links a phone can call."""

import phonenumbers


def tel_href(number: str) -> str:
    """ "+393483906759" for "348 3906759": the E.164 form a `tel:` link needs."""
    try:
        parsed = phonenumbers.parse(number, "IT")
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
