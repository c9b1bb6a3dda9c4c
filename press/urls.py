from django.urls import path

from core.cache import public_page
from press import feeds, views

app_name = "press"

urlpatterns = [
    path("rassegna-stampa/", views.press_list, name="list"),
    path("rassegna-stampa/feed/", public_page(feeds.PressFeed()), name="feed"),
    path("rassegna-stampa/atom/", public_page(feeds.PressAtomFeed()), name="atom"),
    path("rassegna-stampa/<slug:slug>/", views.press_detail, name="detail"),
    path("rassegna-stampa/<slug:slug>/anteprima/", views.press_preview, name="preview"),
    path("documenti/", views.document_list, name="documents"),
]
