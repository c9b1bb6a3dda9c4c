import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("shown", "href"),
    [
        ("348 3906759", "tel:+393483906759"),
        ("039 2301234", "tel:+390392301234"),
        ("+39 348 390 6759", "tel:+393483906759"),
        ("+41 44 668 18 00", "tel:+41446681800"),
        ("non è un numero", ""),
    ],
)
def test_tel_href_gives_the_international_form_of_a_displayed_number(shown, href):
    rendered = Template("{% load phones %}{{ number|tel_href }}").render(Context({"number": shown}))
    assert rendered == href


def test_tel_link_escapes_what_it_shows():
    def tel_link(number: str) -> str:
        return Template("{% load phones %}{{ number|tel_link }}").render(
            Context({"number": number})
        )

    # Parsing is lenient: "<348 3906759>" is a number, and its link shows no markup.
    link = tel_link("<348 3906759>")
    assert link.startswith('<a href="tel:+393483906759"') and link.endswith("</a>")
    assert "3906759" in link and "<348" not in link
    # Text that is no number is shown as text, escaped.
    assert tel_link("<b>chiamate</b>") == "&lt;b&gt;chiamate&lt;/b&gt;"


def test_phone_numbers_in_plain_text_become_links_and_the_rest_stays_escaped():
    rendered = Template("{% load phones %}{{ text|link_phones|linebreaks }}").render(
        Context({"text": "Chiama il 348 3906759 <script>\n\ne poi scrivi"})
    )
    assert '<a href="tel:+393483906759" class="tel">348 3906759</a>' in rendered
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert rendered.count("<p>") == 2
