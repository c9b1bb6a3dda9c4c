import gzip
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import Message
from core.outbox import deliver_due
from groups.models import Group
from signups.models import SignupRequest
from signups.services import notify_new_requests
from tests.forms import valid_data

pytestmark = pytest.mark.django_db


def post(client, data, url=None):
    return client.post(url or reverse("signups:signup"), data)


def test_valid_request_is_stored_once_and_both_emails_are_sent(client, group, delivered):
    response = post(client, valid_data(group))
    assert response.status_code == 302
    assert response["Location"] == reverse("signups:thanks") + f"?gruppo={group.slug}"
    signup = SignupRequest.objects.get()
    assert signup.group == group
    assert signup.phone == "+393481234567"
    assert signup.status == SignupRequest.Status.NEW
    assert signup.privacy_version and signup.privacy_accepted_at
    assert signup.news_consent is False
    assert len(delivered()) == 2
    confirmation, notice = mail.outbox
    assert confirmation.to == ["maria.rossi@example.org"]
    assert "Ciao Maria" in confirmation.body
    assert confirmation.alternatives[0][1] == "text/html"
    assert notice.to == ["coordinamento.amalav@coopaeris.it"]
    assert group.name in notice.subject
    # The notice links to the admin instead of carrying the person's details.
    assert "maria.rossi@example.org" not in notice.body
    assert f"/admin/signups/signuprequest/{signup.pk}/change/" in notice.body


def test_notice_goes_to_the_groups_coordinators(client, group, coordinator, delivered):
    post(client, valid_data(group))
    assert delivered()[-1].to == [coordinator.email]


def test_thank_you_page_explains_what_happens_next(client, group):
    response = client.get(reverse("signups:thanks") + f"?gruppo={group.slug}")
    page = response.content.decode()
    assert "Cosa succede adesso" in page
    assert "un coordinatore ti telefona" in page
    assert group.name in page
    assert "Maria" not in page


def test_group_signup_page_preselects_the_group(client, group):
    page = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
    assert f'<option value="{group.pk}" selected>' in page


def test_any_group_near_me_is_accepted(client, group):
    assert post(client, valid_data(None)).status_code == 302
    assert SignupRequest.objects.get().group is None


def test_phone_alone_is_enough(client, group, delivered):
    assert post(client, valid_data(group, email="")).status_code == 302
    assert len(delivered()) == 1  # only the coordinators' notice


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"email": "", "phone": ""},
            "email",
            "Indica almeno un&#x27;email o un numero di telefono",
        ),
        (
            {"email": "", "phone": ""},
            "phone",
            "Indica almeno un&#x27;email o un numero di telefono",
        ),
        ({"email": "maria@"}, "email", "Inserisci un indirizzo email valido"),
        ({"phone": "12"}, "phone", "Questo numero di telefono non sembra corretto"),
        ({"phone": "abc def"}, "phone", "Questo numero di telefono non sembra corretto"),
        ({"first_name": ""}, "first_name", "Questo campo è obbligatorio"),
        ({"town": ""}, "town", "Questo campo è obbligatorio"),
        ({"work_situation": "ricco"}, "work_situation", "Scegli un&#x27;opzione valida"),
        ({"privacy": ""}, "privacy", "devi aver letto l&#x27;informativa"),
        ({"first_name": "M" * 101}, "first_name", "non contenga più di 100 caratteri"),
        ({"message": "x" * 2001}, "message", "non contenga più di 2000 caratteri"),
        ({"group": "99999"}, "group", "Scegli un&#x27;opzione valida"),
    ],
    ids=[
        "no-contact-email",
        "no-contact-phone",
        "bad-email",
        "short-phone",
        "letters-phone",
        "no-name",
        "no-town",
        "bad-situation",
        "no-privacy",
        "long-name",
        "long-message",
        "unknown-group",
    ],
)
def test_invalid_input_is_explained_beside_the_field_and_nothing_is_stored(
    client, group, overrides, field, message, delivered
):
    response = post(client, {**valid_data(group), **overrides})
    assert response.status_code == 200
    page = response.content.decode()
    error_block = page.split(f'id="id_{field}_error"')[1].split("</div>")[0]
    assert message in error_block
    # The input (or a radio group's fieldset) points screen readers at its error.
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', page)
    assert SignupRequest.objects.count() == 0
    assert delivered() == []


def test_form_keeps_what_the_person_typed_after_an_error(client, group):
    page = post(client, valid_data(group, email="maria@")).content.decode()
    assert 'value="Rossi"' in page
    assert "Preferisco essere chiamata di mattina." in page


def test_after_an_error_the_title_says_so_and_the_summary_links_to_each_wrong_field(client, group):
    data = valid_data(group, first_name="", email="maria@", work_situation="", privacy="")
    page = post(client, data).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Errore: ")
    summary = page.split('id="errori"')[1].split("</div>")[0]
    for field_id in ("id_first_name", "id_email", "id_work_situation_0", "id_privacy"):
        assert f'href="#{field_id}"' in summary
        assert f'id="{field_id}"' in page
    assert 'href="#id_last_name"' not in summary
    empty_form = client.get(reverse("signups:signup")).content.decode()
    assert "Errore" not in empty_form.split("</title>")[0]


def test_signup_form_posts_to_its_own_page_without_an_empty_action(client, group):
    page = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
    assert '<form method="post"' in page
    assert 'action=""' not in page


def test_optional_questions_offer_words_not_dashes(client, group):
    page = client.get(reverse("signups:signup")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Preferisco non dirlo</option>' in page


def test_closed_group_cannot_be_chosen(client, group):
    group.status = Group.Status.CLOSED
    group.save()
    response = post(client, valid_data(group))
    assert response.status_code == 200
    assert SignupRequest.objects.count() == 0
    page = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
    assert "non raccoglie nuove adesioni" in page


def test_double_click_stores_one_request(client, group):
    data = valid_data(group)
    first = post(client, data)
    second = post(client, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SignupRequest.objects.count() == 1


def test_same_person_and_group_within_a_day_is_stored_once(client, group, delivered):
    post(client, valid_data(group))
    again = post(client, valid_data(group, phone="", first_name="maria"))
    assert again.status_code == 302
    assert SignupRequest.objects.count() == 1
    assert len(delivered()) == 2  # no second round of emails


def test_same_person_for_another_group_is_a_new_request(make_group, client, group, venue):
    other = make_group(venue=venue, name="AMALav Seveso", slug="seveso", town="Seveso")
    post(client, valid_data(group))
    post(client, valid_data(other))
    assert SignupRequest.objects.count() == 2


def test_honeypot_pretends_success_and_stores_nothing(client, group, delivered):
    response = post(client, valid_data(group, website="http://spam.example"))
    assert response.status_code == 302
    assert SignupRequest.objects.count() == 0
    assert delivered() == []


def test_rate_limit_stops_a_flood_from_one_client(client, group, settings):
    settings.SIGNUP_RATE_LIMIT = 3
    for index in range(3):
        email = f"persona{index}@example.org"
        assert post(client, valid_data(group, email=email, phone="")).status_code == 302
    response = post(client, valid_data(group, email="quarta@example.org", phone=""))
    assert response.status_code == 429
    assert "troppe richieste" in response.content.decode()
    assert SignupRequest.objects.count() == 3


def test_rate_limit_counts_each_client_apart(client, group, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    post(client, valid_data(group, email="a@example.org", phone=""))
    response = client.post(
        reverse("signups:signup"),
        valid_data(group, email="b@example.org", phone=""),
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    assert SignupRequest.objects.count() == 2


def test_full_group_says_so_and_puts_the_request_on_the_waiting_list(
    client, group, delivered, make_signup
):
    group.capacity = 1
    group.save()
    make_signup(group=group, status=SignupRequest.Status.ACCEPTED)
    page = client.get(reverse("signups:signup-group", args=[group.slug])).content.decode()
    assert "è al completo" in page
    assert "lista d&#x27;attesa" in page
    post(client, valid_data(group))
    assert SignupRequest.objects.latest("created_at").status == SignupRequest.Status.WAITING
    assert "lista d'attesa" in delivered()[0].body


def test_broken_mail_server_loses_no_request_and_no_email(client, group, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with mock.patch("smtplib.SMTP", side_effect=smtplib.SMTPConnectError(421, "down")) as smtp:
        response = post(client, valid_data(group))
        assert response.status_code == 302
        assert SignupRequest.objects.count() == 1
        smtp.assert_not_called()
        notify_new_requests()
        deliver_due()
    # Both messages wait in the outbox for the next attempt.
    statuses = list(Message.objects.values_list("status", flat=True))
    assert statuses == [Message.Status.RETRYING] * 2


def test_form_is_csrf_protected(group):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("signups:signup"), valid_data(group)).status_code == 403
    page = strict.get(reverse("signups:signup")).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') == 1
    assert SignupRequest.objects.count() == 0


def test_personal_data_never_appears_on_public_pages(client, group):
    post(client, valid_data(group))
    for url in (
        reverse("home"),
        reverse("groups:list"),
        group.get_absolute_url(),
        reverse("meetings:list"),
        reverse("signups:thanks") + f"?gruppo={group.slug}",
    ):
        page = client.get(url).content.decode()
        assert "Rossi" not in page and "maria.rossi" not in page and "4567" not in page


def hidden_value(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def test_the_second_visitor_gets_the_form_from_the_cache_with_tokens_of_their_own(
    group, django_assert_num_queries
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(reverse("signups:signup")).content.decode()
    with django_assert_num_queries(0):
        response = second.get(reverse("signups:signup"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    second_page = gzip.decompress(response.content).decode()
    assert group.name in second_page
    for name in ("csrfmiddlewaretoken", "submission_token"):
        assert hidden_value(second_page, name) != hidden_value(first_page, name)
    data = valid_data(group)
    data["submission_token"] = hidden_value(second_page, "submission_token")
    data["csrfmiddlewaretoken"] = hidden_value(second_page, "csrfmiddlewaretoken")
    assert second.post(reverse("signups:signup"), data).status_code == 302
    assert SignupRequest.objects.count() == 1


def test_a_head_request_for_the_form_tells_its_size_without_a_body(client, group):
    size = len(client.get(reverse("signups:signup")).content)
    response = client.head(reverse("signups:signup"))
    assert response.status_code == 200 and response.content == b""
    assert int(response["Content-Length"]) == size


def test_every_visitor_gets_fresh_tokens_that_work(group):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(reverse("signups:signup")).content.decode()
    second_page = second.get(reverse("signups:signup")).content.decode()
    assert hidden_value(first_page, "submission_token") != hidden_value(
        second_page, "submission_token"
    )
    data = valid_data(group)
    data["submission_token"] = hidden_value(first_page, "submission_token")
    data["csrfmiddlewaretoken"] = hidden_value(first_page, "csrfmiddlewaretoken")
    assert first.post(reverse("signups:signup"), data).status_code == 302
    assert SignupRequest.objects.count() == 1
