"""Phone numbers: the one place that parses them, links them and writes them for people.

Numbers are stored in E.164 (django-phonenumber-field); a number typed without a
country code is Italian.
"""

import phonenumbers
from phonenumber_field.phonenumber import PhoneNumber, to_python

REGION = "IT"


def parse(value: object) -> PhoneNumber | None:
    """The number in `value` ("348 1234567", "+39 348...", a PhoneNumber), or None."""
    if isinstance(value, PhoneNumber):
        return value if value.is_valid() else None
    text = str(value or "").strip()
    if not text:
        return None
    number = to_python(text, region=REGION)
    return number if isinstance(number, PhoneNumber) and number.is_valid() else None


def tel_href(value: object) -> str:
    """ "tel:+393483906759" for "348 3906759"; empty when the text is no phone number."""
    number = parse(value)
    return f"tel:{number.as_e164}" if number else ""


def for_people(value: object) -> str:
    """The number as Italians write it: "348 3906759" for a mobile, "039 2301234" for a
    landline, with its country code when it is not Italian; the text as given otherwise."""
    number = parse(value)
    if number is None:
        return str(value or "")
    if number.country_code != 39:
        return number.as_international
    national = str(number.national_number)
    if number.italian_leading_zero:
        national = "0" * (number.number_of_leading_zeros or 1) + national
    if is_mobile(number):
        return f"{national[:3]} {national[3:]}"
    prefix = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).split()
    return f"{prefix[0]} {national[len(prefix[0]) :]}" if len(prefix) > 1 else national


def for_spreadsheets(value: object) -> str:
    """ "+39 348 123 4567": spaced, so no spreadsheet turns it into 3.93E+11 or drops the +."""
    number = parse(value)
    return number.as_international if number else str(value or "")


def is_mobile(value: object) -> bool:
    """Whether a text message can reach the number (a mobile, not a landline)."""
    number = parse(value)
    return number is not None and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def normalise_stored(apps, model: str, field: str) -> None:
    """A data migration's step: every number of `model.field` in E.164; one that is no
    valid number is kept as it was typed, for a person to correct."""
    rows = apps.get_model(model).objects.exclude(**{field: ""})
    for pk, value in rows.values_list("pk", field):
        number = parse(str(value))
        if number is not None and number.as_e164 != str(value):
            rows.filter(pk=pk).update(**{field: number.as_e164})
