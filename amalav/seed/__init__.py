"""The portal's original content (amalav/seed_source/amalav-home.md), as data the portal loads.

Every fact of the source text lives here: groups, venues, dates, contacts,
partners, funders, history, documents and the press conference release. The text
pages name the coordination's phone and email as $phone, $phone_href and $email:
`with_contacts` fills them in from the settings, their one home.
"""

from amalav.seed.catalogue import (
    DEFAULT_GROUP_STATUS,
    DOCUMENTS,
    GROUP_STATUS,
    GROUP_TIME,
    GROUPS,
    PHASES,
    PRESS_ITEMS,
    PRESS_RELEASE_BODY,
    VENUES,
    VERANO_NEWS_BODY,
)
from amalav.seed.pages import (
    ACCESSIBILITY_PAGE,
    CONTACTS_PAGE,
    FIRST_PROJECT_PAGE,
    HOW_IT_WORKS_PAGE,
    PROJECT_PAGE,
    privacy_page,
    with_contacts,
)

__all__ = [
    "ACCESSIBILITY_PAGE",
    "CONTACTS_PAGE",
    "DEFAULT_GROUP_STATUS",
    "DOCUMENTS",
    "FIRST_PROJECT_PAGE",
    "GROUPS",
    "GROUP_STATUS",
    "GROUP_TIME",
    "HOW_IT_WORKS_PAGE",
    "PHASES",
    "PRESS_ITEMS",
    "PRESS_RELEASE_BODY",
    "PROJECT_PAGE",
    "VENUES",
    "VERANO_NEWS_BODY",
    "privacy_page",
    "with_contacts",
]
