import datetime
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core import links
from core.models import Message
from signups import services
from signups.models import SentMessage, SignupRequest, Survey, SurveyAnswer, SurveyInvitation

pytestmark = pytest.mark.django_db

ANSWERS = {"work_situation_now": "occupato", "helped": ["confronto", "fiducia"], "recommend": "si"}


def participant(make_signup, group, **fields) -> SignupRequest:
    accepted = {"status": "accettata", "accepted_at": timezone.now() - datetime.timedelta(days=60)}
    return make_signup(group, **{**accepted, **fields})


def surveys_to(person: SignupRequest, channel: str) -> list[Message]:
    return [
        sent.message
        for sent in SentMessage.objects.filter(signup=person).select_related("message")
        if sent.message.kind == "survey" and sent.message.channel == channel
    ]


def last_meeting(group):
    return group.meetings.taking_place().order_by("-starts_at").first()


def before_the_last_meeting(group) -> datetime.datetime:
    return last_meeting(group).starts_at - datetime.timedelta(days=2)


def three_months_after(group) -> datetime.datetime:
    return last_meeting(group).starts_at + relativedelta(months=3, days=1)


def survey_link(person: SignupRequest, survey: str = Survey.END) -> str:
    invitation = SurveyInvitation.objects.get(participant=person, survey=survey)
    return reverse("signups:link", args=[links.make(services.links.SURVEY, invitation.pk)])


def test_the_survey_goes_once_by_each_persons_channel_before_the_last_meeting_and_at_three_months(
    make_signup, planned_group
):
    by_email = participant(make_signup, planned_group)
    by_sms = participant(make_signup, planned_group, email="", phone="+393481234567")
    by_call = participant(make_signup, planned_group, email="", phone="+390362501234")
    assert services.send_surveys(now=timezone.now()) == ""  # the cycle is not ending yet
    assert services.send_surveys(now=before_the_last_meeting(planned_group)) == "3 survey(s) queued"
    assert services.send_surveys(now=before_the_last_meeting(planned_group)) == ""
    assert services.send_surveys(now=three_months_after(planned_group)) == "3 survey(s) queued"
    assert services.send_surveys(now=three_months_after(planned_group)) == ""
    assert len(surveys_to(by_email, Message.Channel.EMAIL)) == 2
    texts = surveys_to(by_sms, Message.Channel.SMS)
    assert len(texts) == 2 and all(t.to == "+393481234567" and "/l/q" in t.body for t in texts)
    assert all(len(text.body) <= 160 for text in texts)  # one segment
    calls = surveys_to(by_call, Message.Channel.CALL)
    assert len(calls) == 2 and all(call.to == "+390362501234" for call in calls)
    # The coordinator fills in the form for the person during the call.
    assert all("/l/q" in call.body for call in calls)
    assert Message.objects.filter(kind="survey").count() == 6


def test_texts_with_the_survey_reach_the_phone_once_in_the_day(
    make_signup, planned_group, sms_outbox, monkeypatch
):
    from core.outbox import deliver_due

    participant(make_signup, planned_group, email="", phone="+393481234567")
    services.send_surveys(now=before_the_last_meeting(planned_group))
    text = Message.objects.get(kind="survey")
    leaves = timezone.localtime(text.next_attempt_at)
    assert datetime.time(9) <= leaves.time() < datetime.time(20)
    monkeypatch.setattr(
        "core.outbox.timezone.now", lambda: text.next_attempt_at + datetime.timedelta(seconds=1)
    )
    deliver_due()
    deliver_due()
    assert [sms.to for sms in sms_outbox] == ["+393481234567"]
    assert sms_outbox[0].body.startswith("AMALav Cesano Maderno: com'è andato il ciclo?")


def test_people_who_left_or_joined_after_the_cycle_get_no_survey(make_signup, planned_group):
    participant(make_signup, planned_group, status="ritirata", withdrawn_at=timezone.now())
    make_signup(planned_group, status="nuova")
    late = last_meeting(planned_group).starts_at + datetime.timedelta(hours=3)
    participant(make_signup, planned_group, accepted_at=late)
    services.send_surveys(now=before_the_last_meeting(planned_group))
    assert not SurveyInvitation.objects.exists()


def test_the_survey_link_shows_the_three_questions_without_a_login(
    client, make_signup, planned_group, django_assert_max_num_queries
):
    person = participant(make_signup, planned_group)
    services.send_surveys(now=before_the_last_meeting(planned_group))
    with django_assert_max_num_queries(8):
        response = client.get(survey_link(person))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Qual è oggi la tua situazione di lavoro?" in page
    assert "Consiglieresti il gruppo" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert person.first_name not in page  # anonymous: the page does not name the person


def test_an_altered_survey_link_gets_the_italian_error_page(client, make_signup, planned_group):
    person = participant(make_signup, planned_group)
    services.send_surveys(now=before_the_last_meeting(planned_group))
    url = survey_link(person)
    altered = url.replace("/l/q", "/l/a", 1)
    for bad in (altered, url[:-3] + "xx/", reverse("signups:link", args=["q1~a~AAAAAAAA"])):
        response = client.get(bad)
        assert response.status_code == 400
        assert "Questo link non è valido" in response.content.decode()
    response = client.post(url.replace("/l/q", "/l/a", 1), ANSWERS)
    assert response.status_code == 400 and not SurveyAnswer.objects.exists()


def test_an_old_survey_link_is_refused(client, make_signup, planned_group, settings):
    person = participant(make_signup, planned_group)
    services.send_surveys(now=before_the_last_meeting(planned_group))
    invitation = SurveyInvitation.objects.get(participant=person)
    old_day = timezone.localdate() - datetime.timedelta(days=settings.SURVEY_LINK_DAYS + 1)
    code = links.make(services.links.SURVEY, invitation.pk, day=old_day)
    response = client.get(reverse("signups:link", args=[code]))
    assert response.status_code == 400 and "Questo link è scaduto" in response.content.decode()


def test_answers_are_stored_once_without_the_person_and_the_link_then_says_thank_you(
    client, make_signup, planned_group
):
    person = participant(make_signup, planned_group, work_situation="naspi")
    services.send_surveys(now=before_the_last_meeting(planned_group))
    url = survey_link(person)
    response = client.post(url, ANSWERS)
    assert response.status_code == 200 and "Grazie delle risposte" in response.content.decode()
    again = client.post(url, {**ANSWERS, "recommend": "no"})
    assert "Grazie delle risposte" in again.content.decode()
    assert "Qual è oggi" not in client.get(url).content.decode()
    answer = SurveyAnswer.objects.get()
    assert (answer.group, answer.survey, answer.cycle_end) == (
        planned_group,
        Survey.END,
        timezone.localdate(last_meeting(planned_group).starts_at),
    )
    assert answer.work_situation_at_signup == "naspi"
    assert (answer.work_situation_now, answer.helped, answer.recommend) == (
        "occupato",
        ["confronto", "fiducia"],
        "si",
    )
    assert SurveyInvitation.objects.get().answered


def test_a_survey_with_missing_answers_says_what_is_missing_beside_each_question(
    client, make_signup, planned_group
):
    person = participant(make_signup, planned_group)
    services.send_surveys(now=before_the_last_meeting(planned_group))
    response = client.post(survey_link(person), {"helped": ["nonesiste"]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Scegli la situazione che ti descrive meglio oggi." in page
    assert "Scegli sì, forse o no." in page
    assert "Scegli tra le risposte dell&#x27;elenco." in page
    assert not SurveyAnswer.objects.exists()


def test_a_survey_posted_without_the_csrf_token_is_refused(make_signup, planned_group):
    from django.test import Client

    person = participant(make_signup, planned_group)
    services.send_surveys(now=before_the_last_meeting(planned_group))
    response = Client(enforce_csrf_checks=True).post(survey_link(person), ANSWERS)
    assert response.status_code == 403 and not SurveyAnswer.objects.exists()


def answer_both_surveys(client, make_signup, group) -> SignupRequest:
    person = participant(make_signup, group, phone="+393480000000")
    services.send_surveys(now=before_the_last_meeting(group))
    client.post(survey_link(person), ANSWERS)
    services.send_surveys(now=three_months_after(group))
    client.post(survey_link(person, Survey.LATER), {**ANSWERS, "helped": [], "recommend": "forse"})
    return person


def test_the_purge_keeps_the_answers_and_forgets_who_was_asked(client, make_signup, planned_group):
    person = answer_both_surveys(client, make_signup, planned_group)
    url = survey_link(person)
    # Years later: the cycle is long over, the retention period too.
    years = datetime.timedelta(days=3 * 365)
    planned_group.meetings.update(starts_at=F("starts_at") - years, ends_at=F("ends_at") - years)
    SignupRequest.objects.update(created_at=F("created_at") - years)
    call_command("purge_signups", stdout=StringIO())
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert not SurveyInvitation.objects.exists()
    assert SurveyAnswer.objects.count() == 2
    assert client.get(url).status_code == 400  # the link names nobody any more
    with pytest.raises(CommandError):
        call_command("purge_signups", "--delete", stdout=StringIO())
    assert SurveyAnswer.objects.count() == 2
    # A request deleted by hand takes its invitations, never the answers.
    person.delete()
    assert SurveyAnswer.objects.count() == 2
