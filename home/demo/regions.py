"""MiP's 14 regions (the National Committee constituencies, domain.md §3) and a sample of the
employers in each. Employer names are public organisations; which region each sits in follows
where it is based (national bodies sit in the "NHS England" constituency)."""

from cms.nations import Nation
from people.models import EmployerKind

# (name, nation, National Committee seats). The seats add up to 18, although the governance page
# says 16: the numbers have changed over time, and the governance page says so.
REGIONS = [
    ("Northern Ireland", Nation.NORTHERN_IRELAND, 1),
    ("Scotland", Nation.SCOTLAND, 2),
    ("Wales", Nation.WALES, 2),
    ("NHS England", Nation.ENGLAND, 2),
    ("London", Nation.ENGLAND, 2),
    ("North West", Nation.ENGLAND, 1),
    ("North East", Nation.ENGLAND, 1),
    ("Yorkshire & Humber", Nation.ENGLAND, 1),
    ("West Midlands", Nation.ENGLAND, 1),
    ("East Midlands", Nation.ENGLAND, 1),
    ("East of England", Nation.ENGLAND, 1),
    ("South East Coast", Nation.ENGLAND, 1),
    ("South Central", Nation.ENGLAND, 1),
    ("South West", Nation.ENGLAND, 1),
]

TRUST = EmployerKind.NHS_TRUST
ICB = EmployerKind.ICB
NATIONAL = EmployerKind.NATIONAL_BODY
CARE = EmployerKind.SOCIAL_CARE
PRIVATE = EmployerKind.PRIVATE

# (name, kind, region). Health boards in Scotland and Wales and the health and social care
# trusts in Northern Ireland are listed as NHS trusts: they are the NHS employers there.
EMPLOYERS = [
    ("Belfast Health and Social Care Trust", TRUST, "Northern Ireland"),
    ("South Eastern Health and Social Care Trust", TRUST, "Northern Ireland"),
    ("NHS Greater Glasgow and Clyde", TRUST, "Scotland"),
    ("NHS Lothian", TRUST, "Scotland"),
    ("Cardiff and Vale University Health Board", TRUST, "Wales"),
    ("Betsi Cadwaladr University Health Board", TRUST, "Wales"),
    ("NHS England", NATIONAL, "NHS England"),
    ("NHS Business Services Authority", NATIONAL, "NHS England"),
    ("NHS Blood and Transplant", NATIONAL, "NHS England"),
    ("Care Quality Commission", NATIONAL, "NHS England"),
    ("Guy's and St Thomas' NHS Foundation Trust", TRUST, "London"),
    ("NHS North West London Integrated Care Board", ICB, "London"),
    ("Spire Healthcare", PRIVATE, "London"),
    ("Manchester University NHS Foundation Trust", TRUST, "North West"),
    ("NHS Cheshire and Merseyside Integrated Care Board", ICB, "North West"),
    ("The Newcastle upon Tyne Hospitals NHS Foundation Trust", TRUST, "North East"),
    ("NHS North East and North Cumbria Integrated Care Board", ICB, "North East"),
    ("HC-One", CARE, "North East"),
    ("Leeds Teaching Hospitals NHS Trust", TRUST, "Yorkshire & Humber"),
    ("NHS West Yorkshire Integrated Care Board", ICB, "Yorkshire & Humber"),
    ("University Hospitals Birmingham NHS Foundation Trust", TRUST, "West Midlands"),
    ("NHS Birmingham and Solihull Integrated Care Board", ICB, "West Midlands"),
    ("Nottingham University Hospitals NHS Trust", TRUST, "East Midlands"),
    ("NHS Derby and Derbyshire Integrated Care Board", ICB, "East Midlands"),
    ("Cambridge University Hospitals NHS Foundation Trust", TRUST, "East of England"),
    ("NHS Norfolk and Waveney Integrated Care Board", ICB, "East of England"),
    ("University Hospitals Sussex NHS Foundation Trust", TRUST, "South East Coast"),
    ("NHS Kent and Medway Integrated Care Board", ICB, "South East Coast"),
    ("Nuffield Health", PRIVATE, "South East Coast"),
    ("Oxford University Hospitals NHS Foundation Trust", TRUST, "South Central"),
    ("NHS Hampshire and Isle of Wight Integrated Care Board", ICB, "South Central"),
    ("North Bristol NHS Trust", TRUST, "South West"),
    ("NHS Devon Integrated Care Board", ICB, "South West"),
    ("Barchester Healthcare", CARE, "London"),
]
