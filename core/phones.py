"""Phone numbers as links a phone can call."""

import phonenumbers


def tel_href(number: str) -> str:
    """ "tel:+393483906759" for "348 3906759"; Italian unless a country code is given.

    Empty when the text is no phone number at all.
    """
    try:
        parsed = phonenumbers.parse(str(number), "IT")
    except phonenumbers.NumberParseException:
        return ""
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
