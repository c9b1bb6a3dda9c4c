from django.urls import path

from meetings import feeds, views

app_name = "meetings"

urlpatterns = [
    path("incontri/", views.meeting_list, name="list"),
    path("incontri/<int:year>/<int:month>/", views.month, name="month"),
    path("incontri.ics", feeds.all_meetings, name="feed"),
    path("gruppi/<slug:slug>/incontri.ics", feeds.group_meetings, name="group-feed"),
    path("gruppi/<slug:slug>/incontri/<int:number>.ics", feeds.one_meeting, name="meeting-ics"),
]
