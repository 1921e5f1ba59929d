"""The enterprises' and verifiers' spaces: organisations, members, kept studies, their files.

Owns who may see and do what with a study once an enterprise keeps it on the platform:
uploading (a filled workbook or study file, read and checked by the studies room), computing
(as a job on ``pcfrules.jobs``), reports and downloads (the reports and interchange rooms),
comparison, sharing with a verifier and publishing to the PACT API. Authorisation is
enforced here, by person (``service.Spaces``); the web only calls it. The tasks on kept
studies that run on Dask are ``spaces.tasks``; the demo platform is ``spaces.demo``.
"""

from __future__ import annotations

from pcfrules.spaces.demo import seed_platform
from pcfrules.spaces.service import Spaces
from pcfrules.spaces.views import OrganisationView, StudyView

__all__ = ["OrganisationView", "Spaces", "StudyView", "seed_platform"]
