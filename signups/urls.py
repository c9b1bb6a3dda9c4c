from django.urls import path

from signups import views

app_name = "signups"

urlpatterns = [
    path("gruppi/<slug:slug>/aderisci/", views.signup, name="signup-group"),
    path("aderisci/", views.signup, name="signup"),
    path("aderisci/grazie/", views.signup_thanks, name="thanks"),
    # Short, for text messages: the code says what the link is for (core.links).
    path("l/<str:code>/", views.link, name="link"),
]
