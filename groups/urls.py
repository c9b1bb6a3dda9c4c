from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("gruppi/", views.group_list, name="list"),
    path("gruppi/<slug:slug>/", views.group_detail, name="detail"),
]
