""" "Find your national officer": by region, or by the name of the member's employer.
Only live, public national officers are ever offered."""

import pytest
from wagtail.models import PageViewRestriction

from cms.content import versions
from cms.nations import Nation
from people.models import EmployerKind, PersonPage, PersonRole
from tests.factories import EmployerFactory, PersonPageFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site_tree):
    """Two regions with their employers, and the officers (and non-officers) around them."""
    yorkshire = RegionFactory(name="Yorkshire and the Humber", nation=Nation.ENGLAND)
    london = RegionFactory(name="London", nation=Nation.ENGLAND)
    wales = RegionFactory(name="Wales", nation=Nation.WALES)
    EmployerFactory(name="Leeds Teaching Hospitals NHS Trust", region=yorkshire)
    EmployerFactory(name="Leeds and York Partnership NHS Foundation Trust", region=yorkshire)
    EmployerFactory(name="NHS West Yorkshire Integrated Care Board", kind=EmployerKind.ICB, region=yorkshire)
    EmployerFactory(name="Guy's and St Thomas' NHS Foundation Trust", region=london)
    EmployerFactory(name="Cardiff and Vale University Health Board", region=wales)

    people = site_tree.people_index
    officers = {
        "sam": PersonPageFactory(parent=people, title="Sam Northern", regions=[yorkshire]),
        "priya": PersonPageFactory(parent=people, title="Priya London", regions=[london]),
        "chris": PersonPageFactory(parent=people, title="Chris Twoplaces", regions=[yorkshire, london]),
    }
    others = {
        "head_office": PersonPageFactory(
            parent=people, title="Dana Office", role=PersonRole.HEAD_OFFICE, regions=[yorkshire]
        ),
        "chief_executive": PersonPageFactory(
            parent=people, title="Jon Chief", role=PersonRole.CHIEF_EXECUTIVE, regions=[yorkshire]
        ),
        "draft": PersonPageFactory(parent=people, title="Newly Appointed", live=False, regions=[yorkshire]),
        "private": PersonPageFactory(parent=people, title="Hidden Officer", regions=[yorkshire]),
    }
    PageViewRestriction.objects.create(page=others["private"], restriction_type=PageViewRestriction.LOGIN)
    return {"yorkshire": yorkshire, "london": london, "wales": wales, **officers, **others}


def names(people):
    return sorted(person.title for person in people)


def test_officers_for_a_region_are_its_live_public_national_officers(directory):
    assert names(PersonPage.objects.officers_for_region(directory["yorkshire"])) == [
        "Chris Twoplaces",
        "Sam Northern",
    ]
    assert names(PersonPage.objects.officers_for_region(directory["london"])) == [
        "Chris Twoplaces",
        "Priya London",
    ]


def test_head_office_drafts_and_private_profiles_are_never_offered(directory):
    found = set(PersonPage.objects.officers_for_region(directory["yorkshire"]))
    found |= set(PersonPage.objects.officers_for_employer("leeds"))
    for hidden in ("head_office", "chief_executive", "draft", "private"):
        assert directory[hidden] not in found


def test_a_region_nobody_covers_has_no_officers(directory):
    assert list(PersonPage.objects.officers_for_region(directory["wales"])) == []


def test_an_officer_who_is_unpublished_drops_out_of_the_finder(directory):
    directory["sam"].unpublish()
    assert names(PersonPage.objects.officers_for_region(directory["yorkshire"])) == ["Chris Twoplaces"]


def test_officers_for_an_employer_are_those_of_its_region(directory):
    assert names(PersonPage.objects.officers_for_employer("Guy's and St Thomas'")) == [
        "Chris Twoplaces",
        "Priya London",
    ]


@pytest.mark.parametrize("query", ["leeds", "LEEDS", "  Leeds Teaching  ", "west yorkshire", "york"])
def test_employer_search_is_a_case_insensitive_partial_match(directory, query):
    assert names(PersonPage.objects.officers_for_employer(query)) == ["Chris Twoplaces", "Sam Northern"]


def test_an_officer_is_listed_once_even_when_several_employers_match(directory):
    found = list(PersonPage.objects.officers_for_employer("trust"))
    assert len(found) == len(set(found))
    assert names(found) == ["Chris Twoplaces", "Priya London", "Sam Northern"]


def test_an_employer_whose_region_has_no_officer_finds_nobody(directory):
    assert list(PersonPage.objects.officers_for_employer("Cardiff")) == []


@pytest.mark.parametrize("query", ["Nowhere General Hospital", "zzz"])
def test_an_unknown_employer_finds_nobody(directory, query):
    assert list(PersonPage.objects.officers_for_employer(query)) == []


@pytest.mark.parametrize("query", ["", "   ", None])
def test_an_empty_search_finds_nobody(directory, query):
    assert list(PersonPage.objects.officers_for_employer(query)) == []


def test_finder_results_come_with_their_regions_in_a_fixed_number_of_queries(
    directory, django_assert_max_num_queries
):
    # What the public may see is read once per content version (the content core), not per search.
    versions.current_public()
    with django_assert_max_num_queries(3):
        officers = list(PersonPage.objects.officers_for_employer("leeds"))
        covered = {
            officer.title: sorted(region.name for region in officer.regions.all()) for officer in officers
        }
    assert covered == {
        "Chris Twoplaces": ["London", "Yorkshire and the Humber"],
        "Sam Northern": ["Yorkshire and the Humber"],
    }
