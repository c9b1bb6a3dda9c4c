from django.urls import path

from signups import views

app_name = "signups"

urlpatterns = [
    path("gruppi/<slug:slug>/aderisci/", views.signup, name="signup-group"),
    path("aderisci/", views.signup, name="signup"),
    path("aderisci/grazie/", views.signup_thanks, name="thanks"),
    path("promemoria/non-posso-venire/<str:token>/", views.apology, name="apology"),
    path("promemoria/disattiva/<str:token>/", views.stop_reminders_page, name="stop-reminders"),
]
