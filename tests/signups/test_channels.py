"""Every person hears by the channel that reaches them: email, SMS, or a coordinator's call."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import links
from core.models import Message
from core.outbox import deliver_due, queue, queue_text, sms_window
from meetings.services import cancel_meeting, plan_cycle
from signups import services
from signups.models import SentMessage, SignupRequest
from signups.views import THANKED_COOKIE
from tests.forms import valid_data

pytestmark = pytest.mark.django_db


def participant(make_signup, group, **fields) -> SignupRequest:
    return make_signup(group, status="accettata", accepted_at=timezone.now(), **fields)


def messages_to(person: SignupRequest, channel: str) -> list[Message]:
    return [
        sent.message
        for sent in SentMessage.objects.filter(signup=person, role="persona").select_related(
            "message"
        )
        if sent.message.channel == channel
    ]


def test_a_person_with_only_a_landline_is_on_the_call_list_for_every_message(
    make_signup, planned_group, admin_client, client
):
    person = participant(make_signup, planned_group, email="", phone="+390362501234")
    services.welcome(person)
    soon = planned_group.meetings.upcoming().first()
    services.send_reminders(now=soon.starts_at - datetime.timedelta(days=1))
    calls = messages_to(person, Message.Channel.CALL)
    assert [call.kind for call in calls] == ["reminder", "welcome"]
    assert all(call.to == "+390362501234" for call in calls)
    # What the coordinator reads out carries no link.
    assert all("http" not in call.body for call in calls)
    home = admin_client.get(reverse("admin:index")).content.decode()
    assert "Da chiamare" in home and 'href="tel:+390362501234"' in home
    assert "benvenuto/a in AMALav Cesano Maderno" in home
    done = admin_client.post(reverse("admin:call-done", args=[calls[0].pk]))
    assert done.status_code == 302
    calls[0].refresh_from_db()
    assert calls[0].status == Message.Status.SENT and calls[0].done_by is not None
    assert admin_client.get(reverse("admin:index")).content.decode().count(">Fatto<") == 1


def test_a_person_with_a_mobile_and_no_email_gets_every_message_by_sms_in_the_day(
    make_signup, planned_group
):
    person = participant(make_signup, planned_group, email="", phone="+393481234567")
    services.welcome(person)
    soon = planned_group.meetings.upcoming().first()
    services.send_reminders(now=soon.starts_at - datetime.timedelta(days=1))
    texts = messages_to(person, Message.Channel.SMS)
    assert sorted(text.kind for text in texts) == ["reminder", "welcome"]
    for text in texts:
        assert text.to == "+393481234567"
        local = timezone.localtime(text.next_attempt_at)
        assert datetime.time(9) <= local.time() < datetime.time(20)
    reminder = next(text for text in texts if text.kind == "reminder")
    assert "/l/" in reminder.body  # the short "non posso venire" link


@pytest.mark.parametrize(
    ("now", "leaves"),
    [
        ("2026-12-07 07:30", "2026-12-07 09:00"),
        ("2026-12-07 12:00", "2026-12-07 12:00"),
        ("2026-12-07 20:00", "2026-12-08 09:00"),
        ("2026-12-07 23:59", "2026-12-08 09:00"),
    ],
)
def test_text_messages_never_leave_at_night(now, leaves):
    tz = timezone.get_default_timezone()
    moment = datetime.datetime.strptime(now, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    expected = datetime.datetime.strptime(leaves, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    assert sms_window(moment) == expected


def test_a_text_still_waiting_at_night_leaves_in_the_morning_and_an_email_at_once(
    sms_outbox, monkeypatch
):
    tz = timezone.get_default_timezone()
    evening = datetime.datetime(2026, 12, 7, 19, 59, tzinfo=tz)
    monkeypatch.setattr("core.outbox.timezone.now", lambda: evening)
    text = queue_text("reminder", "+393481234567", "Domani incontro alle 18.")
    email = queue(channel=Message.Channel.EMAIL, kind="reminder", to="a@example.org", body="x")
    # The worker was down at 19:59 and comes back at 23:30.
    night = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=tz)
    monkeypatch.setattr("core.outbox.timezone.now", lambda: night)
    deliver_due()
    assert sms_outbox == []
    email.refresh_from_db()
    text.refresh_from_db()
    assert (email.status, text.status) == (Message.Status.SENT, Message.Status.QUEUED)
    morning = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=tz)
    monkeypatch.setattr("core.outbox.timezone.now", lambda: morning)
    deliver_due()
    assert [sent.to for sent in sms_outbox] == ["+393481234567"]


def test_a_text_names_the_project_once_whatever_the_group_is_called(
    make_signup, planned_group, make_group, venue
):
    other = make_group(venue=venue, name="Archimedes Verano", slug="archimedes", town="Verano")
    plan_cycle(other)
    for group, opening in [
        (planned_group, "AMALav Cesano Maderno: incontro "),
        (other, "AMALav Archimedes Verano: incontro "),
    ]:
        person = participant(make_signup, group, email="", phone="+393481234567")
        soon = group.meetings.ahead().first()
        services.send_reminders(now=soon.starts_at - datetime.timedelta(days=1))
        (text,) = messages_to(person, Message.Channel.SMS)
        assert text.body.startswith(opening), text.body


def test_accepting_says_how_each_person_gets_the_welcome(admin_client, make_signup, planned_group):
    people = [
        make_signup(planned_group),
        make_signup(planned_group, email="", phone="+393481234567"),
        make_signup(planned_group, email="", phone="+390362501234"),
    ]
    response = admin_client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "mark_accepted", "_selected_action": [p.pk for p in people]},
        follow=True,
    )
    page = response.content.decode()
    assert "Benvenuto in partenza: 1 per email, 1 per SMS." in page
    assert "1 persona da chiamare: è nella pagina iniziale" in page


def test_a_sign_up_stores_only_its_row_and_the_worker_sends_what_follows_once(
    client, planned_group, delivered
):
    response = client.post(reverse("signups:signup"), valid_data(planned_group))
    assert response.status_code == 302
    signup = SignupRequest.objects.get()
    assert signup.notified_at is None
    assert not Message.objects.exists()
    assert len(delivered()) == 2  # the confirmation and the coordinators' notice
    signup.refresh_from_db()
    assert signup.notified_at is not None
    assert services.notify_new_requests() == ""
    assert Message.objects.count() == 2


def test_a_worker_that_fails_half_way_through_a_requests_messages_queues_none_of_them(
    client, planned_group, monkeypatch
):
    client.post(reverse("signups:signup"), valid_data(planned_group))

    def broken(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr("signups.services.notices.tell_coordinators", broken)
    with pytest.raises(ConnectionError):
        services.notify_new_requests()
    assert not Message.objects.exists()  # the confirmation was rolled back with the rest
    assert SignupRequest.objects.get().notified_at is None
    monkeypatch.undo()
    services.notify_new_requests()
    assert Message.objects.count() == 2


def test_the_thank_you_page_shows_the_next_meeting_and_the_number_we_will_call(
    client, planned_group
):
    data = valid_data(planned_group, email="", phone="0362 501234")
    response = client.post(reverse("signups:signup"), data, follow=True)
    page = response.content.decode()
    assert "Il prossimo incontro del gruppo è" in page
    assert "Ti chiameremo al 0362 501234" in page
    assert "Se hai lasciato un&#x27;email" not in page
    # Another visitor opening the same address sees no number.
    other = Client().get(response.redirect_chain[-1][0]).content.decode()
    assert "0362 501234" not in other


def test_one_click_unsubscribe_from_a_reminder_stops_reminders_without_cookies(
    make_signup, planned_group, delivered
):
    person = participant(make_signup, planned_group)
    soon = planned_group.meetings.upcoming().first()
    services.send_reminders(now=soon.starts_at - datetime.timedelta(days=1))
    (reminder,) = delivered()
    assert reminder.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_url = reminder.extra_headers["List-Unsubscribe"].split(">")[0].lstrip("<")
    assert "mailto:" in reminder.extra_headers["List-Unsubscribe"]
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        https_url.removeprefix("http://127.0.0.1:8000"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert not person.wants_reminders


def test_a_withdrawn_persons_apology_is_refused_with_a_clear_page(
    client, make_signup, planned_group
):
    person = participant(make_signup, planned_group)
    soon = planned_group.meetings.upcoming().first()
    url = services.apology_url(soon, person).removeprefix("http://127.0.0.1:8000")
    services.withdraw([person], None)
    response = client.post(url)
    assert response.status_code == 400
    assert "Non risulti più tra i partecipanti del gruppo" in response.content.decode()
    assert not soon.attendances.exists()


def test_the_apology_link_of_a_cancelled_meeting_says_it_is_cancelled_and_records_nothing(
    client, make_signup, planned_group
):
    person = participant(make_signup, planned_group)
    soon = planned_group.meetings.ahead().first()
    url = services.apology_url(soon, person).removeprefix("http://127.0.0.1:8000")
    cancel_meeting(soon, "Sala chiusa per lavori.", None)
    page = client.get(url).content.decode()
    assert "è stato annullato" in page and "Sala chiusa per lavori." in page
    assert "Confermo" not in page
    client.post(url)
    assert not soon.attendances.exists()


def test_a_stop_link_older_than_the_retention_period_is_refused(
    client, make_signup, planned_group, settings
):
    person = participant(make_signup, planned_group)
    settings.SIGNUP_RETENTION_MONTHS = 12
    old_day = timezone.localdate() - datetime.timedelta(days=400)
    code = links.make(services.links.STOP_REMINDERS, person.pk, day=old_day)
    response = client.post(reverse("signups:link", args=[code]))
    assert response.status_code == 400
    assert "Questo link è scaduto" in response.content.decode()
    person.refresh_from_db()
    assert person.wants_reminders


def test_a_mobile_only_participant_gets_every_message_by_sms_once_and_none_at_night(
    client, planned_group, sms_outbox, monkeypatch
):
    client.post(reverse("signups:signup"), valid_data(planned_group, email="", phone="348 1234567"))
    services.notify_new_requests()
    person = SignupRequest.objects.get()
    services.accept([person], None)
    soon = planned_group.meetings.upcoming().first()
    services.send_reminders(now=soon.starts_at - datetime.timedelta(days=1))
    cancel_meeting(soon, "Sala chiusa.", None)
    services.announce_schedule_changes()
    texts = Message.objects.filter(channel=Message.Channel.SMS)
    assert sorted(texts.values_list("kind", flat=True)) == [
        "reminder",
        "schedule-change",
        "signup-confirmation",
        "welcome",
    ]
    leaving = [timezone.localtime(text.next_attempt_at) for text in texts]
    assert all(datetime.time(9) <= moment.time() < datetime.time(20) for moment in leaving)
    # The worker, at the first moment all of them may leave: each text once.
    daytime = max(leaving) + datetime.timedelta(seconds=1)
    monkeypatch.setattr("core.outbox.timezone.now", lambda: daytime)
    deliver_due()
    deliver_due()
    assert sorted(text.to for text in sms_outbox) == ["+393481234567"] * 4
    (cancelled,) = [text for text in sms_outbox if "ANNULLATO" in text.body]
    assert "ANNULLATO. Sala chiusa. " in cancelled.body + " "  # the reason's own full stop
    assert all(len(text.body) <= 2 * 153 for text in sms_outbox)
    assert set(texts.values_list("status", flat=True)) == {Message.Status.SENT}


def test_a_sign_up_keeps_no_visitor_session_and_only_the_thank_you_page_reads_its_marker(
    client, planned_group
):
    from django.contrib.sessions.models import Session

    data = valid_data(planned_group, email="", phone="0362 501234")
    response = client.post(reverse("signups:signup"), data)
    assert not Session.objects.exists()  # no row per visitor to purge later
    marker = response.cookies[THANKED_COOKIE]
    assert marker["path"] == reverse("signups:thanks")
    assert marker["httponly"] and marker["samesite"] == "Lax"
    assert 0 < int(marker["max-age"]) <= 3600
    assert "0362" not in marker.value  # the request's number, signed: no contact in it
    assert "Ti chiameremo al 0362 501234" in client.get(response["Location"]).content.decode()
    # A marker someone wrote by hand (another request's number, unsigned) shows nothing.
    forged = Client()
    forged.cookies[THANKED_COOKIE] = str(SignupRequest.objects.get().pk)
    assert "0362 501234" not in forged.get(response["Location"]).content.decode()
