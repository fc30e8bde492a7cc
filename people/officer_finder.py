""" "Find your national officer": a member chooses their region or types part of their
employer's name, and is shown the national officers who cover it.

The finder is a plain GET form, so it works without JavaScript and its results can be
bookmarked. Anything can arrive in the query string: it is cleaned, capped and checked here,
and a bad value becomes a message on the form, never an error page."""

import re
import unicodedata
from dataclasses import dataclass, field

from cms.nations import Nation
from people.models import Employer, PersonPage, Region

MAX_EMPLOYER_QUERY_LENGTH = 200
MAX_EMPLOYERS_LISTED = 12
REGION_ID = re.compile(r"[0-9]{1,9}")
# The ids of the form's fields (templates/includes/officer_finder_form.html).
FIELD_IDS = {"region": "finder-region", "employer": "finder-employer"}


def clean_text(raw):
    """Control and bidi-override characters become spaces; the length is capped and
    runs of whitespace collapse to one space."""
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf"} else char
        for char in (raw or "")[:MAX_EMPLOYER_QUERY_LENGTH]
    )
    return " ".join(text.split())


def all_regions():
    return list(Region.objects.order_by("name"))


def regions_by_nation(regions=None):
    """The regions (all of them unless given) for the finder's select, grouped under their
    nation in the UK's usual order (England, Scotland, Wales, Northern Ireland)."""
    regions = all_regions() if regions is None else regions
    groups = []
    for nation, label in Nation.choices:
        members = [region for region in regions if region.nation == nation]
        if members:
            groups.append({"nation": label, "regions": members})
    return groups


@dataclass
class OfficerSearch:
    """One use of the finder: what the member asked for, and what was found."""

    region_id: str = ""
    employer_query: str = ""
    region: Region | None = None
    employers: list = field(default_factory=list)
    employer_count: int = 0
    officers: list = field(default_factory=list)
    error: str = ""
    error_field: str = ""
    searched: bool = False
    # Fetched already for the form's select; and the request's public pages (cms.reader_request).
    known_regions: list | None = field(default=None, repr=False)
    public_pages: object = field(default=None, repr=False)

    @classmethod
    def from_params(cls, params, known_regions=None, public_pages=None):
        search = cls(
            region_id=clean_text(params.get("region", ""))[:20],
            employer_query=clean_text(params.get("employer", "")),
            known_regions=known_regions,
            public_pages=public_pages,
        )
        search.run(submitted_fields={name for name in ("region", "employer") if name in params})
        return search

    def run(self, submitted_fields):
        if self.region_id:
            self._by_region()
        elif self.employer_query:
            self._by_employer()
        elif "employer" in submitted_fields:
            # The employer form was sent with an empty box: the message goes on that box.
            self.error = "Type the name of your employer, or part of it."
            self.error_field = "employer"
        elif "region" in submitted_fields:
            self.error = "Choose your region."
            self.error_field = "region"

    def _by_region(self):
        region = self._region(int(self.region_id)) if REGION_ID.fullmatch(self.region_id) else None
        if region is None:
            self.error = "Choose your region from the list."
            self.error_field = "region"
            return
        self.region = region
        self.officers = list(PersonPage.objects.officers_for_region(region, self.public_pages))
        self.searched = True

    def _region(self, pk):
        if self.known_regions is None:
            return Region.objects.filter(pk=pk).first()
        return next((region for region in self.known_regions if region.pk == pk), None)

    def _by_employer(self):
        employers = Employer.objects.filter(name__icontains=self.employer_query).select_related("region")
        self.employer_count = employers.count()
        self.employers = list(employers[:MAX_EMPLOYERS_LISTED])
        self.searched = True
        if not self.employers:
            self.error = (
                f"No employer matches '{self.employer_query}'. Try part of the name, or choose your region."
            )
            self.error_field = "employer"
            return
        self.officers = list(PersonPage.objects.officers_for_employer(self.employer_query, self.public_pages))

    @property
    def errors(self):
        """The error summary's entries: each message with the id of the field it is about."""
        if not self.error:
            return []
        return [(FIELD_IDS[self.error_field], self.error)]

    @property
    def more_employers(self):
        return max(self.employer_count - len(self.employers), 0)

    @property
    def matched_regions(self):
        regions = {employer.region.pk: employer.region for employer in self.employers}
        return sorted(regions.values(), key=lambda region: region.name)


def region_for_employer(name):
    """The region of the employer a member named, for routing their message: the employer with
    exactly that name (in any case), or else the one region shared by every employer whose name
    contains it. None when nothing matches or the name fits employers in several regions, so a
    vague answer ("NHS") never reaches every officer in the country."""
    name = clean_text(name)
    if not name:
        return None
    exact = Employer.objects.filter(name__iexact=name).select_related("region").first()
    if exact is not None:
        return exact.region
    region_ids = list(
        Employer.objects.filter(name__icontains=name)
        .order_by()
        .values_list("region_id", flat=True)
        .distinct()[:2]
    )
    if len(region_ids) != 1:
        return None
    return Region.objects.filter(pk=region_ids[0]).first()


def officers_covering(employer="", region=None):
    """The region an enquiry belongs to and the live, public national officers who cover it:
    the named employer's region when the employer is recognised, else the ``region`` the member
    chose. ``(None, [])`` when neither is known."""
    region = region_for_employer(employer) or region
    if region is None:
        return None, []
    return region, list(PersonPage.objects.officers_for_region(region))
