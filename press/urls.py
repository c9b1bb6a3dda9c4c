from django.urls import path

from press import feeds, views

app_name = "press"

urlpatterns = [
    path("rassegna-stampa/", views.press_list, name="list"),
    path("rassegna-stampa/feed/", feeds.press_feed, name="feed"),
    path("rassegna-stampa/atom/", feeds.press_atom_feed, name="atom"),
    path("rassegna-stampa/<slug:slug>/", views.press_detail, name="detail"),
    path("rassegna-stampa/<slug:slug>/anteprima/", views.press_preview, name="preview"),
    path("documenti/", views.document_list, name="documents"),
    path("feed/", views.feeds_help, name="feeds"),
]
