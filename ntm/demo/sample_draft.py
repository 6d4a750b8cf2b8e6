"""The demo's draft of the 2026 commune set, built from the labelled sample (`sample_catalog`).

The draft lets a demo administrator try the workbench on today's set — open it, verify a cell,
preview its impact — without anything becoming law: it is never published, its name and every
indicator say "MẪU", and no threshold is verified. A second load adds nothing.
"""

from ntm.accounts.actors import as_actor
from ntm.criteria.models import Version
from ntm.criteria.services import create_draft

from .sample_catalog import SET_CODE, sample_2026_document

REASON = "MẪU – không phải văn bản chính thức: bản nháp trình diễn quy trình nhập, đối chiếu và công bố"


def load_sample_draft(actor: str) -> Version:
    existing = Version.objects.filter(document__code=SET_CODE, reason=REASON).first()
    if existing is not None:
        return existing
    return create_draft(SET_CODE, sample_2026_document(), as_actor(actor), REASON)
