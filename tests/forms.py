"""What a person types into the public forms, for the tests that post them."""

import uuid

from groups.models import Group
from signups.models import SignupRequest

# What staff type at the admin's login: the password of the `capo` and coordinator fixtures.
STAFF_PASSWORD = "la-vera-password-1"


def valid_data(group: Group | None = None, **overrides) -> dict:
    data = {
        "first_name": "Maria",
        "last_name": "Rossi",
        "email": "maria.rossi@example.org",
        "phone": "348 123 4567",
        "town": "Seregno",
        "group": group.pk if group else "",
        "work_situation": SignupRequest.WorkSituation.UNEMPLOYED,
        "message": "Preferisco essere chiamata di mattina.",
        "heard_from": "",
        "privacy": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data
