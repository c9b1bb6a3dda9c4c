import datetime

import icalendar
import ics
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from core.models import Message
from core.templatetags.dates_it import when
from meetings.models import ClosurePeriod, Meeting
from meetings.services import move_meeting, plan_cycle
from signups import services
from signups.models import Attendance, ReminderSent, SignupRequest
from signups.services import notices

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_meeting(planned_group) -> Meeting:
    """The next meeting not yet begun: one under way (18:00-20:00 on a meeting day) is
    beyond a closure's reach, and not the one a welcome names."""
    return planned_group.meetings.ahead().first()


def accept(admin_client, *signups: SignupRequest):
    return admin_client.post(
        reverse("admin:signups_signuprequest_changelist"),
        {"action": "mark_accepted", "_selected_action": [signup.pk for signup in signups]},
    )


def test_accepted_person_gets_a_welcome_with_the_next_meeting_and_the_cycle_as_ics(
    admin_client, make_signup, planned_group, next_meeting, coordinator, delivered
):
    planned_group.venue.directions = "Dalla stazione di Cesano, 5 minuti a piedi."
    planned_group.venue.save()
    signup = make_signup(planned_group)
    accept(admin_client, signup)
    (welcome,) = delivered()
    assert welcome.to == [signup.email]
    assert welcome.subject == "Benvenuto/a in AMALav Cesano Maderno"
    assert welcome.extra_headers["Reply-To"] == coordinator.email
    body = welcome.body
    assert strip_tags(when(next_meeting)).capitalize() in body
    assert "Palazzo Arese Borromeo, via Borromeo 41, Cesano Maderno" in body
    assert "Dalla stazione di Cesano" in body
    assert "senza gradini" in body
    assert "Anna Colombo" in body and planned_group.phone in body
    assert "Cosa aspettarsi al primo incontro" in body
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in body
    html = welcome.alternatives[0][0]
    assert "Aggiungi a Google Calendar" in html
    ((filename, content, mimetype),) = welcome.attachments
    assert filename == "amalav-cesano-maderno.ics" and mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == planned_group.cycle_length
    starts = sorted(event.decoded("dtstart") for event in events)
    assert next_meeting.starts_at in starts
    assert f"incontro-{next_meeting.pk}@amalav" in {str(event["uid"]) for event in events}


def test_a_welcome_sent_during_a_meeting_names_the_next_one_not_the_one_under_way(
    admin_client, make_signup, planned_group, delivered
):
    under_way, following = planned_group.meetings.upcoming()[:2]
    started = timezone.now() - datetime.timedelta(minutes=30)
    Meeting.objects.filter(pk=under_way.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=2)
    )
    accept(admin_client, make_signup(planned_group))
    (welcome,) = delivered()
    assert strip_tags(when(following)).capitalize() in welcome.body
    under_way.refresh_from_db()
    assert strip_tags(when(under_way)).capitalize() not in welcome.body


def test_welcome_is_sent_once_even_if_the_person_is_accepted_again(
    admin_client, make_signup, planned_group, delivered
):
    signup = make_signup(planned_group)
    accept(admin_client, signup)
    signup.refresh_from_db()
    services.set_status([signup], SignupRequest.Status.WAITING, signup.handled_by)
    accept(admin_client, signup)
    assert len(delivered()) == 1


def test_accepting_in_the_change_form_sends_the_welcome(
    admin_client, make_signup, planned_group, delivered
):
    signup = make_signup(planned_group, phone="+393481234567")
    url = reverse("admin:signups_signuprequest_change", args=[signup.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update({"status": SignupRequest.Status.ACCEPTED, "group": planned_group.pk})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [m.subject for m in delivered()] == ["Benvenuto/a in AMALav Cesano Maderno"]


def test_confirmation_repeats_the_next_meeting_and_the_phone(
    make_signup, planned_group, next_meeting, delivered
):
    services.notify(make_signup(planned_group))
    confirmation = delivered()[0]
    assert strip_tags(when(next_meeting)).capitalize() in confirmation.body
    assert f"telefona tu al {planned_group.phone}" in confirmation.body


@pytest.fixture
def soon(planned_group) -> Meeting:
    """The next meeting, moved to start in a day: inside the reminder window."""
    meeting = planned_group.meetings.upcoming().first()
    meeting.starts_at = timezone.now() + datetime.timedelta(days=1)
    meeting.save()
    return meeting


def participant(make_signup, group, **fields) -> SignupRequest:
    fields = {"status": SignupRequest.Status.ACCEPTED, "accepted_at": timezone.now(), **fields}
    return make_signup(group, **fields)


def test_running_the_reminder_job_three_times_sends_each_reminder_once(
    make_signup, planned_group, soon, delivered
):
    maria = participant(make_signup, planned_group)
    luca = participant(make_signup, planned_group)
    for _round in range(3):
        services.send_reminders()
    messages = delivered()
    assert sorted(m.to[0] for m in messages) == sorted([maria.email, luca.email])
    assert ReminderSent.objects.filter(meeting=soon).count() == 2
    reminder = messages[0]
    assert reminder.subject.startswith("Promemoria: AMALav Cesano Maderno")
    assert strip_tags(when(soon)).capitalize() in reminder.body
    assert "Non posso venire questa volta" in reminder.alternatives[0][0]


def test_reminders_skip_who_should_not_get_them(make_signup, planned_group, soon, delivered):
    participant(make_signup, planned_group, email="", phone="+393481234567")
    participant(make_signup, planned_group, wants_reminders=False)
    participant(make_signup, planned_group, status=SignupRequest.Status.WITHDRAWN)
    make_signup(planned_group)  # a request not yet accepted
    services.send_reminders()
    assert delivered() == []


def test_no_reminder_for_a_cancelled_or_past_meeting_or_one_far_ahead(
    make_signup, planned_group, soon, delivered
):
    participant(make_signup, planned_group)
    soon.cancel("Sala inagibile")
    soon.save()
    past = planned_group.meetings.filter(ends_at__lt=timezone.now()).last()
    services.send_reminders(now=past.starts_at - datetime.timedelta(days=1))
    assert len(delivered()) == 1  # the past meeting's, only when it was still ahead
    mail.outbox.clear()
    services.send_reminders()
    assert delivered() == []


@pytest.fixture
def reminder_links(make_signup, planned_group, soon) -> tuple[SignupRequest, str, str]:
    person = participant(make_signup, planned_group)
    services.send_reminders()
    context = notices.reminder_context(soon, person)
    return person, context["apology_url"], context["stop_url"]


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def test_apology_link_asks_first_then_records_the_apology_beside_the_meeting(
    client, admin_client, reminder_links, soon
):
    person, apology_url, _stop = reminder_links
    page = client.get(path_of(apology_url))
    assert page.status_code == 200
    assert "Confermo: questa volta non posso venire" in page.content.decode()
    assert not Attendance.objects.exists()  # a link scanner opening it changes nothing
    done = client.post(path_of(apology_url))
    assert "il coordinatore sa che questa volta non ci sarai" in done.content.decode()
    attendance = Attendance.objects.get()
    assert (attendance.meeting, attendance.participant) == (soon, person)
    assert attendance.status == Attendance.Status.APOLOGISED
    assert client.post(path_of(apology_url)).status_code == 200
    assert Attendance.objects.count() == 1
    meetings = admin_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "1 assenza giustificata" in meetings
    change = admin_client.get(reverse("admin:meetings_meeting_change", args=[soon.pk]))
    assert str(person) in change.content.decode()


def test_stop_link_stops_reminders_at_once(client, reminder_links, planned_group, delivered):
    person, _apology, stop_url = reminder_links
    assert client.get(path_of(stop_url)).status_code == 200
    person.refresh_from_db()
    assert person.wants_reminders
    client.post(path_of(stop_url))
    person.refresh_from_db()
    assert not person.wants_reminders
    other = planned_group.meetings.upcoming()[1]
    services.send_reminders(now=other.starts_at - datetime.timedelta(days=1))
    assert not ReminderSent.objects.filter(meeting=other).exists()


@pytest.mark.parametrize("which", [1, 2])
def test_tampered_links_get_a_clear_italian_page(client, reminder_links, which):
    url = path_of(reminder_links[which])
    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = url.replace(token, token[:-3] + ("abc" if token[-3:] != "abc" else "xyz"))
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "Questo link non è valido" in response.content.decode()
    assert not Attendance.objects.exists()


def test_apology_link_expires_with_its_meeting(client, reminder_links, soon):
    soon.starts_at = timezone.now() - datetime.timedelta(days=1)
    soon.save()
    response = client.post(path_of(reminder_links[1]))
    assert response.status_code == 400
    assert "Questo incontro è già passato" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.fixture
def participants(make_signup, planned_group):
    people = [participant(make_signup, planned_group) for _index in range(2)]
    participant(make_signup, planned_group, email="", phone="+393481234567")
    make_signup(planned_group)  # not accepted: no notice
    return people


def test_moving_a_meeting_queues_one_notice_per_participant_with_the_old_and_new_date(
    admin_client, participants, next_meeting, delivered
):
    old_start = next_meeting.starts_at
    url = reverse("admin:meetings_meeting_change", args=[next_meeting.pk])
    form = admin_client.get(url).context["adminform"].form
    new_start = timezone.localtime(old_start + datetime.timedelta(days=1))
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "group": next_meeting.group_id,
            "starts_at_0": new_start.strftime("%d/%m/%Y"),
            "starts_at_1": new_start.strftime("%H:%M:%S"),
            "duration": "02:00:00",
            "venue": "",
        }
    )
    data.pop("starts_at", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    messages = delivered()
    assert Message.objects.filter(channel=Message.Channel.EMAIL).count() == 2
    # The participant with only a mobile number hears by SMS.
    assert Message.objects.exclude(channel=Message.Channel.EMAIL).count() == 1
    assert sorted(m.to[0] for m in messages) == sorted(p.email for p in participants)
    assert messages[0].subject.startswith("Incontro spostato: AMALav Cesano Maderno")
    next_meeting.refresh_from_db()
    assert strip_tags(when(next_meeting)).capitalize() in messages[0].body
    assert timezone.localtime(old_start).strftime("%H:%M") in messages[0].body


def test_cancelling_asks_for_a_reason_and_tells_every_participant(
    admin_client, client, participants, next_meeting, delivered
):
    changelist = reverse("admin:meetings_meeting_changelist")
    action = {"action": "cancel_meetings", "_selected_action": [next_meeting.pk]}
    page = admin_client.post(changelist, action)
    assert page.status_code == 200
    assert "Motivo dell&#x27;annullamento" in page.content.decode()
    next_meeting.refresh_from_db()
    assert not next_meeting.is_cancelled
    missing = admin_client.post(changelist, {**action, "confirm": "1", "reason": ""})
    assert missing.status_code == 200
    assert not Message.objects.exists()
    done = admin_client.post(
        changelist, {**action, "confirm": "1", "reason": "La sala è chiusa per lavori."}
    )
    assert done.status_code == 302
    next_meeting.refresh_from_db()
    assert next_meeting.is_cancelled
    assert next_meeting.public_note == "La sala è chiusa per lavori."
    messages = delivered()
    assert sorted(m.to[0] for m in messages) == sorted(p.email for p in participants)
    assert messages[0].subject.startswith("Incontro annullato: AMALav Cesano Maderno")
    assert "Il motivo: La sala è chiusa per lavori." in messages[0].body
    group_page = client.get(next_meeting.group.get_absolute_url()).content.decode()
    assert "La sala è chiusa per lavori." in group_page


def test_cancelling_in_the_change_form_needs_a_reason(admin_client, participants, next_meeting):
    url = reverse("admin:meetings_meeting_change", args=[next_meeting.pk])
    form = admin_client.get(url).context["adminform"].form
    start = timezone.localtime(next_meeting.starts_at)
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "starts_at_0": start.strftime("%d/%m/%Y"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "duration": "02:00:00",
            "venue": "",
            "status": Meeting.Status.CANCELLED,
            "public_note": "",
        }
    )
    data.pop("starts_at", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Scrivi il motivo dell&#x27;annullamento" in response.content.decode()
    assert not Message.objects.exists()
    data["public_note"] = "Il coordinatore è malato."
    assert admin_client.post(url, data).status_code == 302
    services.announce_schedule_changes()
    assert Message.objects.filter(channel=Message.Channel.EMAIL).count() == 2
    assert Message.objects.filter(channel=Message.Channel.SMS).count() == 1


def test_plain_text_emails_carry_no_markup_and_say_where_when_no_venue_is_known(
    client, make_group, delivered
):
    from tests.forms import valid_data

    group = make_group(venue=None, name="AMALav Seveso", slug="seveso", town="Seveso")
    plan_cycle(group)
    client.post(reverse("signups:signup"), valid_data(group))
    confirmation = delivered()[0]
    assert "<span" not in confirmation.body
    assert "A Seveso: il coordinatore ti dice dove" in confirmation.body


def test_shifting_the_cycle_tells_each_participant_once_with_every_new_date(
    admin_client, participants, planned_group, delivered
):
    response = admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "shift_meetings", "_selected_action": [planned_group.pk], "weeks": "1"},
        follow=True,
    )
    assert "spostati" in response.content.decode()
    moved = list(planned_group.meetings.filter(status=Meeting.Status.MOVED))
    assert moved
    messages = delivered()
    assert sorted(m.to[0] for m in messages) == sorted(p.email for p in participants)
    notice = messages[0]
    assert notice.subject == f"Calendario cambiato: AMALav Cesano Maderno, {len(moved)} incontri"
    for meeting in moved:
        assert strip_tags(when(meeting)).capitalize() in notice.body
    ((_name, content, _type),) = notice.attachments
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert {int(event["sequence"]) for event in events} == {m.sequence for m in moved}
    assert delivered() == messages  # run again, nothing more


def closure_form(planned_group, meeting, **fields):
    day = timezone.localdate(meeting.starts_at)
    return {
        "start": (day - datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
        "end": (day + datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
        "group": planned_group.pk,
        "reason": "Sala chiusa per lavori",
        **fields,
    }


def test_a_closure_over_a_planned_meeting_asks_first_then_cancels_it_and_tells_everyone(
    admin_client, participants, planned_group, next_meeting, delivered
):
    add = reverse("admin:meetings_closureperiod_add")
    asked = admin_client.post(add, closure_form(planned_group, next_meeting))
    assert asked.status_code == 200
    assert "scegli se annullarlo o rimandarlo" in asked.content.decode()
    assert not ClosurePeriod.objects.exists()

    done = admin_client.post(add, closure_form(planned_group, next_meeting, handling="annulla"))
    assert done.status_code == 302
    next_meeting.refresh_from_db()
    assert next_meeting.is_cancelled
    assert next_meeting.public_note == "Sala chiusa per lavori"
    messages = delivered()
    assert sorted(m.to[0] for m in messages) == sorted(p.email for p in participants)
    assert messages[0].subject.startswith("Incontro annullato: AMALav Cesano Maderno")
    services.send_reminders(now=next_meeting.starts_at - datetime.timedelta(days=1))
    assert not ReminderSent.objects.filter(meeting=next_meeting).exists()


def test_postponing_the_meetings_of_a_closure_keeps_the_cycle_whole(
    admin_client, participants, planned_group, next_meeting, delivered
):
    later = list(planned_group.meetings.filter(starts_at__gt=next_meeting.starts_at))
    response = admin_client.post(
        reverse("admin:meetings_closureperiod_add"),
        closure_form(planned_group, next_meeting, handling="rimanda"),
    )
    assert response.status_code == 302
    closure = ClosurePeriod.objects.get()
    meetings = list(planned_group.meetings.order_by("number"))
    assert len(meetings) == planned_group.cycle_length
    assert not any(closure.covers(timezone.localdate(m.starts_at)) for m in meetings)
    next_meeting.refresh_from_db()
    assert timezone.localdate(next_meeting.starts_at) > closure.end
    assert all(m.status != Meeting.Status.CANCELLED for m in meetings)
    starts = [m.starts_at for m in meetings]
    assert starts == sorted(starts)
    notice = delivered()[0]
    assert notice.subject.startswith(
        f"Calendario cambiato: AMALav Cesano Maderno, {len(later) + 1} incontri"
    )


def test_a_reminder_never_goes_out_for_a_meeting_left_inside_a_closure(
    participants, planned_group, next_meeting, delivered
):
    day = timezone.localdate(next_meeting.starts_at)
    ClosurePeriod.objects.create(start=day, end=day, reason="Chiuso", group=None)
    services.send_reminders(now=next_meeting.starts_at - datetime.timedelta(days=1))
    assert not ReminderSent.objects.exists()


def test_meetings_added_to_a_planned_cycle_are_announced(
    admin_client, participants, planned_group, delivered
):
    planned_group.cycle_length += 2
    planned_group.save()
    response = admin_client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "plan_meetings", "_selected_action": [planned_group.pk]},
    )
    assert response.status_code == 302
    messages = delivered()
    assert sorted(m.to[0] for m in messages) == sorted(p.email for p in participants)
    assert "NUOVO" in messages[0].body


def test_a_change_notices_calendar_reads_the_new_time_in_every_calendar_app(
    admin_client, participants, next_meeting, delivered
):
    old_sequence = next_meeting.sequence
    new_start = next_meeting.starts_at + datetime.timedelta(days=1)
    move_meeting(next_meeting, new_start, None)
    notice = next(m for m in delivered() if m.to == [participants[0].email])
    ((_name, content, _type),) = notice.attachments
    text = content.decode() if isinstance(content, bytes) else content
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert event["dtstart"].dt == timezone.localtime(new_start)
    assert int(event["sequence"]) > old_sequence
    assert vobject.readOne(text).vevent.dtstart.value == new_start
    (ics_event,) = ics.Calendar(text).events
    assert ics_event.begin.datetime == new_start
    assert "webcal://" in notice.body


def test_the_welcome_offers_to_subscribe_to_the_groups_calendar(
    make_signup, planned_group, delivered
):
    person = make_signup(planned_group)
    services.accept([person], None)
    welcome = delivered()[0]
    feed = reverse("meetings:group-feed", args=[planned_group.slug])
    assert f"webcal://127.0.0.1:8000{feed}" in welcome.body


def test_the_meeting_page_says_how_each_participant_was_told_of_its_change(
    admin_client, participants, next_meeting, delivered
):
    move_meeting(next_meeting, next_meeting.starts_at + datetime.timedelta(days=1), None)
    url = reverse("admin:meetings_meeting_change", args=[next_meeting.pk])
    assert "avvisi in partenza" in admin_client.get(url).content.decode()
    delivered()
    page = admin_client.get(url).content.decode()
    assert "Incontro spostato, 2 per email, 1 per SMS, 0 da chiamare" in page


def test_cancelling_says_who_will_hear_by_email_by_sms_and_who_to_call(
    admin_client, participants, next_meeting, make_signup, planned_group
):
    participant(make_signup, planned_group, email="", phone="+390362501234")
    response = admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {
            "action": "cancel_meetings",
            "_selected_action": [next_meeting.pk],
            "confirm": "1",
            "reason": "Sala chiusa.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "AMALav Cesano Maderno: avviso in partenza: 2 per email, 1 per SMS." in page
    assert "1 persona da chiamare" in page
