"""Build the bundled sample database: fictional programs and a fictional applicant.

    python -m store.sample [PATH]      (default: sample.db at the repository root)

The build is deterministic: no randomness and no clock. Every value goes through the Store
API, so the registry validates it exactly as it validates a user's edit. Dates are set around
SAMPLE_TODAY (late in the interview season), so the sample shows past and future follow-ups.
The shipped file carries no undo history and is a single file (journal_mode DELETE); the app
turns WAL back on when it opens a copy.

Every institution, person and address below is invented; web addresses use the reserved
`.example` domain.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from store.store import Store

SAMPLE_TODAY = "2026-11-26"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "sample.db"


@dataclass(frozen=True)
class Institution:
    name: str
    code: str  # four digits, the first part of an NRMP program code
    city: str
    state: str
    program_type: str
    setting: str
    cost_of_living: str
    tertiary: bool
    trauma1: bool
    childrens: bool
    location: str


I = Institution
INSTITUTIONS: dict[str, Institution] = {
    "lakemont": I("Lakemont Regional Medical Center", "1204", "Toledo", "OH", "community", "urban",
                  "low", False, True, False, "Low rent; 1 h to Detroit airport; long winters."),
    "cedar": I("Cedar Hollow University Hospital", "2311", "Columbia", "MO", "university",
               "suburban", "low", True, True, True, "College town, cheap housing; 2 h to St. Louis."),
    "brightwater": I("Brightwater Health System", "3047", "Tampa", "FL", "university-affiliated",
                     "urban", "medium", True, True, False,
                     "Warm, big airport, rising rents; hurricane season."),
    "northgate": I("Northgate Memorial Hospital", "1588", "Paterson", "NJ", "community", "urban",
                   "high", False, False, False, "Near family in New Jersey; expensive; heavy traffic."),
    "silverpine": I("Silver Pine Medical Center", "4102", "Flagstaff", "AZ", "community",
                    "suburban", "medium", False, False, False,
                    "Mountain town; small airport; far from family."),
    "harborcrest": I("Harbor Crest University Medical Center", "2760", "Baltimore", "MD",
                     "university", "urban", "medium", True, True, True,
                     "Big city, train to DC; safety varies by neighbourhood."),
    "prairie": I("Prairie State University Hospital", "3315", "Lincoln", "NE", "university",
                 "suburban", "low", True, True, True, "Quiet, safe, affordable; cold winters."),
    "redmesa": I("Red Mesa Regional Medical Center", "4420", "Albuquerque", "NM", "community",
                 "urban", "low", False, True, False, "Affordable; dry climate; few direct flights."),
    "magnolia": I("Magnolia Bay Medical Center", "3561", "Mobile", "AL", "university-affiliated",
                  "urban", "low", True, True, True, "Very affordable; humid; on the Gulf coast."),
    "ironwood": I("Ironwood University Medical Center", "1432", "Pittsburgh", "PA", "university",
                  "urban", "medium", True, True, True, "Affordable for a big city; hilly; good transit."),
    "kettle": I("Kettle River Hospital", "3908", "Duluth", "MN", "community", "rural", "low",
                False, False, False, "Lake Superior town; long winters; small airport."),
    "bluestem": I("Bluestem Medical Center", "3722", "Wichita", "KS", "university-affiliated",
                  "urban", "low", False, True, True, "Very low cost of living; car needed."),
    "granite": I("Granite Notch University Hospital", "1019", "Manchester", "NH", "university",
                 "suburban", "high", True, True, False, "Safe; 1 h to Boston; expensive housing."),
    "aurelia": I("Saint Aurelia Medical Center", "1675", "Brooklyn", "NY", "community", "urban",
                 "high", False, True, False, "Near family; very expensive; subway to everything."),
    "willow": I("Willow Creek Medical Center", "3874", "Lubbock", "TX", "university-affiliated",
                "suburban", "low", True, True, False, "Cheap; cousin in Dallas (5 h); windy and dry."),
    "coastal": I("Coastal Plains University Hospital", "2954", "Greenville", "NC", "university",
                 "suburban", "low", True, True, True, "Small city, low rent; beaches 1.5 h away."),
    "summit": I("Summit Ridge Medical Center", "4236", "Denver", "CO", "university-affiliated",
                "urban", "high", False, True, False, "Outdoors; expensive housing; big airport."),
    "evergreen": I("Evergreen Valley Hospital", "4519", "Spokane", "WA", "community", "suburban",
                   "medium", False, False, False, "Mid-size city; far from family."),
    "threerivers": I("Three Rivers Medical Center", "3140", "Fort Wayne", "IN", "community",
                     "suburban", "low", False, True, False, "Affordable; small airport; car needed."),
    "bayou": I("Bayou Crescent University Hospital", "3683", "Shreveport", "LA", "university",
               "urban", "low", True, True, True, "Low cost of living; hot summers."),
    "pinecrest": I("Pinecrest Regional Medical Center", "3405", "Johnson City", "TN",
                   "university-affiliated", "suburban", "low", False, True, False,
                   "Mountains; quiet; 2 h to the nearest big airport."),
    "greatlakes": I("Great Lakes Riverside Hospital", "2187", "Flint", "MI", "community", "urban",
                    "low", False, True, False, "Very cheap; 1 h to Detroit; mixed safety."),
    "goldenvalley": I("Golden Valley Medical Center", "4671", "Fresno", "CA",
                      "university-affiliated", "urban", "medium", False, True, True,
                      "Cheaper than coastal California; hot summers."),
    "laurel": I("Mountain Laurel University Hospital", "2849", "Morgantown", "WV", "university",
                "rural", "low", True, True, True, "College town; referral centre for a large region."),
    "tidewater": I("Tidewater Heights Medical Center", "3226", "Norfolk", "VA", "community",
                   "urban", "medium", False, True, False, "Coastal; navy town; moderate rents."),
    "sandhill": I("Sandhill Regional Hospital", "3497", "Augusta", "GA", "university-affiliated",
                  "suburban", "low", False, True, False, "Affordable; 2.5 h to Atlanta."),
    "capitol": I("Capitol Crossing Medical Center", "1311", "Hartford", "CT", "university-affiliated",
                 "urban", "high", False, True, False, "Between Boston and New York; expensive."),
    "lakeshore": I("Lakeshore University Health", "2402", "Milwaukee", "WI", "university", "urban",
                   "medium", True, True, True, "Lake Michigan; 1.5 h to Chicago; cold winters."),
    "copperbasin": I("Copper Basin Medical Center", "4385", "Las Vegas", "NV", "community",
                     "urban", "medium", False, True, False, "No state income tax; hot; busy ED."),
    "redriver": I("Red River Valley Hospital", "3779", "Oklahoma City", "OK",
                  "university-affiliated", "urban", "low", False, True, False,
                  "Very affordable; tornado season."),
    "palmetto": I("Palmetto Ridge Medical Center", "3032", "Columbia", "SC", "university",
                  "suburban", "low", True, True, True, "Affordable state capital; hot summers."),
    "bluegrass": I("Bluegrass Commonwealth Hospital", "3158", "Lexington", "KY",
                   "university-affiliated", "suburban", "low", True, True, False,
                   "Safe, green, affordable."),
    "highdesert": I("High Desert Family Health Center", "4803", "Boise", "ID", "community",
                    "suburban", "medium", False, False, False, "Fast-growing city; rents rising."),
    "keystone": I("Keystone Valley Hospital", "1746", "Allentown", "PA", "community", "suburban",
                  "medium", False, True, False, "1.5 h to New York and to Philadelphia."),
    "delta": I("Delta Bend Hospital", "3964", "Jackson", "MS", "community", "urban", "low",
               False, False, False, "Lowest rents on the list; few direct flights."),
    "cascade": I("Cascade Point Medical Center", "4950", "Portland", "OR", "university", "urban",
                 "high", True, True, True, "Expensive; rainy winters; far from family."),
    "sunbelt": I("Sunbelt Regional Medical Center", "3819", "Little Rock", "AR", "community",
                 "urban", "low", False, True, False, "Affordable; small airport."),
    "saltflats": I("Salt Flats Medical Center", "4717", "Salt Lake City", "UT",
                   "university-affiliated", "urban", "medium", False, True, False,
                   "Mountains close by; growing city."),
    "hudsongate": I("Hudson Gate Medical Center", "1893", "Albany", "NY", "university-affiliated",
                    "suburban", "medium", False, True, False, "State capital; 2.5 h to family in NJ."),
}
del I

# specialty -> (NRMP specialty digits, name suffix, years of training counted for residents,
#               web path, subspecialties)
SPECIALTY_INFO: dict[str, tuple[str, str, int, str, str | None]] = {
    "DR": ("420", "Diagnostic Radiology", 4, "radiology",
           "neuro, body, MSK, breast, nuclear medicine"),
    "IR/DR": ("416", "Integrated Interventional Radiology", 5, "ir", "IR, vascular, oncologic IR"),
    "IM": ("140", "Internal Medicine", 3, "medicine", "cardiology, GI, heme/onc, pulm/CCM"),
    "FM": ("120", "Family Medicine", 3, "family-medicine", "sports medicine, obstetrics"),
    "Neurology": ("180", "Neurology", 3, "neurology", "stroke, epilepsy, neuromuscular"),
    "TY": ("999", "Transitional Year", 1, "transitional", None),
    "Prelim Medicine": ("140", "Internal Medicine (Preliminary)", 1, "medicine-prelim", None),
    "Prelim Surgery": ("440", "Surgery (Preliminary)", 1, "surgery-prelim", None),
}
TRACK_LETTER = {"Advanced": "A", "Categorical": "C", "Preliminary": "P", "Physician": "R"}


@dataclass(frozen=True)
class P:
    """One sample program; None means unknown, exactly as a user would leave a cell empty."""

    inst: str
    specialty: str
    track: str
    positions: int | None
    visa: str | None
    fail: str | None
    step2_min: int | None
    typical: int | None
    imgs: int | None  # current IMG residents, across all years
    grad_limit: int | None
    research: str | None
    ir: str | None
    status: str = "researching"
    signal: str = "none"
    fit: int | None = None
    priority: str | None = None
    notes: str | None = None
    culture: str | None = None
    why: str | None = None
    word_of_mouth: int | None = None


DR, IRDR, IM, FM, NEURO = "DR", "IR/DR", "IM", "FM", "Neurology"
ADV, CAT, PRE = "Advanced", "Categorical", "Preliminary"
J1, BOTH, H1B, NOVISA = "J-1", "J-1+H-1B", "H-1B", "none"
NOFAIL, CASE, NOTSTATED = "no failed attempts", "case by case", "not stated"

PROGRAMS: tuple[P, ...] = (
    # --- diagnostic radiology --------------------------------------------------------------
    P("lakemont", DR, ADV, 4, J1, CASE, 230, 238, 7, 5, "some", "moderate", "interviewed", "gold",
      5, "High", "Coordinator answered the visa question within a day. Three IMGs per class.",
      "Residents eat lunch together; attendings read out with juniors.",
      "Community volume with protected teaching, a program that has trained IMGs for years, "
      "and a city I can afford on a resident salary.", 2),
    P("cedar", DR, ADV, 8, BOTH, NOTSTATED, None, 247, 5, None, "strong", "strong", "interviewed",
      "gold", 4, "High", "Academic centre; sponsors both J-1 and H-1B. Strong neuro section.",
      "Formal but kind; chief residents ran the social hour.",
      "Research-active neuroradiology section and an IR division that takes DR residents on "
      "electives from PGY-2.", 1),
    P("brightwater", DR, ADV, 6, J1, CASE, 235, 244, 4, 5, "some", "moderate", "interviewed",
      "silver", 4, "High", "Shares a TY and a preliminary medicine year on the same campus.",
      "Busy; residents seemed tired but loyal to the program.", None, 1),
    P("northgate", DR, ADV, 4, J1, NOTSTATED, None, 239, 9, None, "none", "none", "applied",
      "silver", 3, "Medium", "Near family. Many IMGs; no research infrastructure."),
    P("silverpine", DR, ADV, 3, None, None, None, None, 1, None, "some", "moderate",
      notes="Website silent on visas and exam policy: emailed the coordinator."),
    P("harborcrest", DR, ADV, 10, BOTH, NOFAIL, 240, 252, 3, 3, "strong", "strong", "applied",
      "gold", 3, "Medium", "Reach: few IMGs, high scores. Signalled because of the IR division."),
    P("prairie", DR, ADV, 5, J1, CASE, None, 242, 6, 5, "some", "moderate", "invited", "silver",
      4, "High", "Interview 2026-12-10, virtual. Resident call booked for prep.", None, None, 1),
    P("redmesa", DR, ADV, 3, NOVISA, NOTSTATED, None, 236, 0, None, "none", "moderate",
      fit=2, priority="Low", notes="No visa sponsorship (FAQ page): not eligible with a J-1 need."),
    P("magnolia", DR, ADV, 5, J1, CASE, 225, 240, 8, 7, "some", "moderate", "interviewed", "gold",
      4, "High", "Alum says the J-1 paperwork was smooth.",
      "Relaxed and supportive; program director knows every resident's family.",
      "A program that clearly values IMGs, with a children's hospital for paediatric imaging.", 2),
    P("ironwood", DR, ADV, 9, BOTH, NOFAIL, None, 250, 2, None, "strong", "strong", fit=3,
      priority="Medium", notes="Reach. Strong research; check whether 2022 graduates are considered."),
    P("sandhill", DR, ADV, 4, J1, NOTSTATED, None, None, 5, None, "none", "none",
      notes="Typical Step 2 CK not published; ask residents."),
    P("granite", DR, CAT, 4, NOVISA, NOFAIL, 245, 251, 0, None, "strong", "moderate", fit=2,
      priority="Low", notes="Categorical DR (PGY-1 included). No visas: ineligible."),
    P("aurelia", DR, ADV, 5, J1, CASE, None, 237, 11, None, "none", "moderate", "invited",
      "silver", 4, "High", "Interview 2026-12-09, virtual. Near family.", None, None, 2),
    P("willow", DR, ADV, 4, BOTH, CASE, 230, 240, 6, 5, "some", "moderate", "applied", fit=4,
      priority="Medium"),
    P("coastal", DR, ADV, 6, J1, NOFAIL, 235, 246, 2, 3, "strong", "strong", "applied", fit=3,
      priority="Medium", notes="Graduation limit of 3 years is stated on the FAQ page."),
    P("summit", DR, ADV, 5, NOVISA, NOTSTATED, None, 249, 1, None, "some", "strong", fit=3,
      priority="Low", notes="The one IMG resident is a US citizen; no visas."),
    P("threerivers", DR, ADV, 3, J1, CASE, None, 236, 5, 6, "none", "none", "applied", fit=3,
      priority="Medium"),
    P("bayou", DR, ADV, 6, BOTH, CASE, None, 241, 9, None, "some", "moderate", "applied", "silver",
      4, "High"),
    P("pinecrest", DR, ADV, 3, J1, None, None, None, None, None, None, None,
      notes="Just added from FREIDA; everything else unknown."),
    P("greatlakes", DR, ADV, 4, J1, CASE, 220, 235, 8, 10, "none", "moderate", "interviewed",
      "silver", 3, "Medium", "Program director is leaving in June.",
      "Friendly residents, but nobody could say who signs visa paperwork next year.", None, 1),
    P("goldenvalley", DR, ADV, 4, H1B, NOTSTATED, None, 243, 3, None, "some", "moderate", fit=3,
      priority="Medium", notes="H-1B only: would need Step 3 before the start date."),
    P("laurel", DR, ADV, 5, BOTH, CASE, None, 245, 4, None, "strong", "strong", "invited", "gold",
      4, "High", "Interview 2026-12-16, in person."),
    P("tidewater", DR, ADV, 4, None, NOTSTATED, None, 240, 2, None, "none", "moderate", fit=3,
      notes="Visa unclear; coordinator replied 'case by case' - asked for details."),
    P("lakeshore", DR, ADV, 8, J1, NOFAIL, 240, 249, 3, 3, "strong", "strong", "applied", "gold",
      3, "Medium", "Did my observership here; letter from Dr. Castellanos."),
    P("copperbasin", DR, ADV, 4, J1, CASE, None, 238, 6, 5, "none", "moderate", "withdrawn", fit=2,
      priority="Low", notes="Withdrew: the only interview date clashed with Cedar Hollow."),
    P("cascade", DR, ADV, 7, BOTH, NOTSTATED, None, 250, 2, None, "strong", "strong", fit=3,
      priority="Low"),
    # --- integrated IR/DR ------------------------------------------------------------------
    P("cedar", IRDR, ADV, 2, BOTH, NOTSTATED, None, 252, 0, None, "strong", "integrated"),
    P("harborcrest", IRDR, ADV, 2, BOTH, NOFAIL, 240, 255, 0, 3, "strong", "integrated"),
    P("ironwood", IRDR, CAT, 1, J1, NOFAIL, None, 254, 0, None, "strong", "integrated"),
    P("coastal", IRDR, ADV, 1, J1, CASE, None, 248, 1, None, "strong", "integrated"),
    P("laurel", IRDR, ADV, 2, BOTH, CASE, None, 249, 1, None, "strong", "integrated"),
    P("lakeshore", IRDR, ADV, 2, J1, NOFAIL, 240, None, None, None, "strong", "integrated"),
    # --- internal medicine (backup) --------------------------------------------------------
    P("brightwater", IM, CAT, 18, BOTH, CASE, None, 232, 22, None, "some", None, "interviewed",
      "gold", 4, "High", "Backup favourite: same campus as the DR program.",
      "Supportive chiefs; 4+1 schedule respected.",
      "A large, diverse IM program where I could keep a radiology research link.", 2),
    P("northgate", IM, CAT, 20, J1, NOTSTATED, None, 228, 32, None, "none", None, "applied",
      fit=3, priority="Medium"),
    P("aurelia", IM, CAT, 25, J1, CASE, None, 226, 44, None, "none", None, "applied", "silver", 3,
      "Medium"),
    P("willow", IM, CAT, 12, BOTH, CASE, 220, 230, 14, 5, "some", None, "applied", "silver", 3,
      "Medium"),
    P("bayou", IM, CAT, 15, BOTH, NOTSTATED, None, 234, 18, None, "some", None, "invited", fit=3,
      priority="Medium", notes="Interview 2026-12-14, virtual."),
    P("greatlakes", IM, CAT, 14, J1, CASE, None, 227, 24, None, "none", None, "applied", fit=3,
      priority="Low"),
    P("evergreen", IM, CAT, 8, None, NOTSTATED, None, None, 3, None, "none", None,
      notes="Visa not mentioned anywhere; emailed."),
    P("threerivers", IM, CAT, 10, J1, CASE, None, 229, 16, None, "none", None, "applied", fit=3,
      priority="Medium"),
    P("redriver", IM, CAT, 12, H1B, NOTSTATED, 225, 233, 10, None, "some", None, signal="silver",
      notes="Signalled before checking the visa: H-1B only, so the signal is wasted."),
    P("sunbelt", IM, CAT, 10, J1, CASE, None, 230, 15, 5, "none", None),
    P("saltflats", IM, CAT, 9, BOTH, NOTSTATED, None, 231, 8, None, "some", None),
    # --- family medicine -------------------------------------------------------------------
    P("kettle", FM, CAT, 6, J1, CASE, None, 225, 6, None, "none", None),
    P("bluestem", FM, CAT, 8, BOTH, NOTSTATED, None, 228, 7, None, "some", None),
    P("pinecrest", FM, CAT, 6, NOVISA, NOFAIL, 215, 230, 0, 3, "none", None),
    P("delta", FM, CAT, 8, J1, CASE, None, 229, 4, None, "some", None),
    P("highdesert", FM, CAT, 6, None, None, None, None, None, None, None, None,
      notes="Rural track; visa policy unknown."),
    # --- neurology -------------------------------------------------------------------------
    P("cedar", NEURO, CAT, 6, BOTH, NOTSTATED, None, 238, 4, None, "strong", None),
    P("bluegrass", NEURO, CAT, 5, J1, CASE, None, 233, 7, None, "some", None),
    P("laurel", NEURO, ADV, 4, J1, CASE, None, 236, 3, None, "some", None),
    P("lakeshore", NEURO, CAT, 6, J1, NOFAIL, 235, 240, 2, 3, "strong", None),
    # --- PGY-1 years for the advanced DR programs ------------------------------------------
    P("lakemont", "TY", PRE, 6, J1, CASE, None, 236, 2, None, "none", None, "interviewed", fit=4,
      priority="High", notes="Same hospital as Lakemont DR: no move between PGY-1 and PGY-2.",
      culture="Small class; electives in radiology allowed."),
    P("keystone", "TY", PRE, 8, J1, NOTSTATED, None, 232, 4, None, "none", None, "applied", fit=3,
      priority="Medium"),
    P("summit", "TY", PRE, 10, NOVISA, NOTSTATED, None, 242, 0, None, "some", None),
    P("threerivers", "TY", PRE, 6, J1, CASE, None, 234, 2, None, "none", None, "applied", fit=3,
      priority="Medium"),
    P("brightwater", "Prelim Medicine", PRE, 10, BOTH, CASE, None, 230, 5, None, "some", None,
      "interviewed", fit=3, priority="Medium", culture="Heavy ward months; kind seniors.",
      notes="Pairs with Brightwater DR: same campus, no move before PGY-2."),
    P("hudsongate", "Prelim Medicine", PRE, 8, J1, NOTSTATED, None, None, 3, None, "none", None),
    P("magnolia", "Prelim Surgery", PRE, 8, J1, CASE, None, 228, 2, None, "none", None, "applied",
      fit=2, priority="Low"),
    P("capitol", "Prelim Surgery", PRE, 6, None, NOTSTATED, None, None, 1, None, "none", None,
      notes="Visa policy unknown; emailed."),
)

# Programs whose visa or requirements are unclear: listed for outreach.
ASK_BY_EMAIL = {("silverpine", DR), ("pinecrest", DR), ("tidewater", DR), ("evergreen", IM),
                ("highdesert", FM), ("capitol", "Prelim Surgery")}
# Known programs whose graduation limit is still to be looked up.
GRAD_LIMIT_TO_RESEARCH = {("ironwood", DR)}
# The applicant's family lives in New Jersey and a cousin in Texas.
NEAR_FAMILY = {"northgate", "aurelia", "willow", "hudsongate"}

FELLOWSHIPS = {
    "university": "Most graduates stay for in-house fellowships (neuro, body, IR).",
    "university-affiliated": "Graduates match fellowships at the affiliated university.",
    "community": "Graduates match fellowships at regional academic centres.",
}
CALL = {
    "DR": "Independent overnight call from PGY-3; two-week night float blocks.",
    "IR/DR": "IR call from PGY-4; DR call as for DR residents.",
    "IM": "4+1 schedule; night float; no 28-hour calls.",
    "FM": "Clinic 2 half-days a week from PGY-1; home call for obstetrics.",
    "Neurology": "Stroke call from PGY-2; night float.",
    "TY": "Mostly electives; two months of night float.",
    "Prelim Medicine": "Ward-heavy; night float in blocks.",
    "Prelim Surgery": "Q4 call; long days on surgical services.",
}


def _years(p: P) -> int:
    return SPECIALTY_INFO[p.specialty][2]


def img_percent(p: P) -> float | None:
    if p.imgs is None or p.positions is None:
        return None
    return round(100 * p.imgs / (p.positions * _years(p)), 1)


def _rubric(p: P, index: int) -> dict:
    """IMG friendliness rubric items, derived from what the sample says about each program."""
    pct = img_percent(p)
    if pct is None:
        return {}
    website = 0 if pct == 0 else 1 if pct < 15 else 2 if pct < 35 else 3
    alumni = 0 if pct == 0 else 1 if pct < 25 else 2
    sponsors = p.visa in (J1, BOTH, H1B)
    welcome = 1 if sponsors and pct >= 15 else 0
    visa_support = None if p.visa is None else {BOTH: 2, H1B: 2, J1: 1, NOVISA: 0}[p.visa]
    if p.visa == J1 and pct >= 40:
        visa_support = 2
    rubric = {"img_current_website": website, "img_alumni": alumni, "img_welcome": welcome,
              "img_visa_support": visa_support, "img_word_of_mouth": p.word_of_mouth}
    if p.status == "researching" and index % 3 == 0:
        rubric["img_alumni"] = None  # not looked at the alumni page yet
    return rubric


def program_code(p: P) -> str:
    inst = INSTITUTIONS[p.inst]
    return f"{inst.code}{SPECIALTY_INFO[p.specialty][0]}{TRACK_LETTER[p.track]}0"


def program_row(p: P, index: int) -> dict:
    inst = INSTITUTIONS[p.inst]
    _, suffix, _, path, subspecialties = SPECIALTY_INFO[p.specialty]
    known = p.imgs is not None  # a sparse row: only the basics were copied in
    domain = f"{p.inst}.example"
    row = {
        "name": f"{inst.name} {suffix}",
        "institution": inst.name,
        "city": inst.city,
        "state": inst.state,
        "specialty": p.specialty,
        "track": p.track,
        "program_code": program_code(p),
        "program_type": inst.program_type,
        "residents_per_year": p.positions,
        "visa": p.visa,
        "img_presence": None if p.imgs is None else p.imgs > 0,
        "img_percent": img_percent(p),
        "step2_min": p.step2_min,
        "typical_step2": p.typical,
        "fail_policy": p.fail,
        "grad_limit_years": p.grad_limit,
        # a researched row with no number: the program publishes none; a sparse row (and a
        # limit still to look up) stays blank, "not researched yet"
        "step2_min_none": True if known and p.step2_min is None else None,
        "grad_limit_none": True if known and p.grad_limit is None
        and (p.inst, p.specialty) not in GRAD_LIMIT_TO_RESEARCH else None,
        "current_imgs": p.imgs,
        "research": p.research,
        "ir_pathway": p.ir,
        "tertiary_center": inst.tertiary if known else None,
        "level1_trauma": inst.trauma1 if known else None,
        "childrens_hospital": inst.childrens if known else None,
        "setting": inst.setting,
        "cost_of_living": inst.cost_of_living,
        "near_family": p.inst in NEAR_FAMILY if known else None,
        "subspecialties": subspecialties if inst.program_type != "community" or p.specialty != DR
        else "body, neuro, MSK",
        "fellowship_pipeline": FELLOWSHIPS[inst.program_type] if p.specialty in (DR, IRDR, IM)
        and known else None,
        "call_schedule": CALL[p.specialty] if known else None,
        "location_notes": inst.location,
        "culture_notes": p.culture,
        "personal_fit": p.fit,
        "priority": p.priority,
        "website": f"https://www.{domain}/residency/{path}",
        "contact": f"{path}.residency@{domain}",
        "eras": True if known else None,
        "status": p.status,
        "signal": p.signal,
        "ask_by_email": (p.inst, p.specialty) in ASK_BY_EMAIL,
        "why_program": p.why,
        "notes": p.notes,
        **_rubric(p, index),
    }
    return row


# Where the sample's facts came from, and when: some are older than the 180-day stale limit.
PROVENANCE_DATES = ("2026-09-14", "2026-08-02", "2025-10-20", "2026-10-05", "2026-07-11",
                    "2025-12-01", "2026-06-28")


def _provenance(p: P, index: int) -> list[tuple[str, str, str]]:
    noted = PROVENANCE_DATES[index % len(PROVENANCE_DATES)]
    out = []
    if p.visa is not None:
        source = "coordinator email" if p.status == "interviewed" else "program website"
        out.append(("visa", source, "2026-10-15" if source == "coordinator email" else noted))
    if p.step2_min is not None:
        out.append(("step2_min", "FREIDA" if index % 2 else "program website", noted))
    if p.typical is not None and index % 4 == 1:
        out.append(("typical_step2", "forum" if index % 8 == 1 else "resident", noted))
    if p.imgs is not None and index % 5 == 0:
        out.append(("img_percent", "program website", noted))
    if p.fail is not None and index % 6 == 2:
        out.append(("fail_policy", "FREIDA", noted))
    return out


PROFILE = {
    "name": "Sample Applicant",
    "citizenship": "non-US citizen",
    "visa_need": "J-1",
    "step1_result": "pass",
    "step1_attempts": 1,
    "step1_date": "2020-09-18",
    "step2_score": 241,
    "step2_attempts": 1,
    "step2_date": "2026-06-06",
    "step3_status": "not planned",
    "failed_attempt": False,
    "school_country": "India",
    "school_name": "Riverbend Medical College",
    "graduation_year": 2022,
    "radiology_publications": 2,
    "posters": 3,
    "qi_projects": 1,
    "other_publications": 1,
    "english_test": "IELTS Academic 8.0 (2024)",
    "communication_notes": "Medical school taught in English; presented posters at two meetings.",
    "target_ir": False,
    "dual_apply": True,
    "backup_specialty": "IM",
}

USCE = (
    {"type": "observership", "specialty": "Radiology", "institution": "Lakeshore University Health",
     "months": 2, "radiology": True, "start_date": "2025-09-01"},
    {"type": "externship", "specialty": "Internal Medicine",
     "institution": "Hudson Gate Medical Center", "months": 3, "radiology": False,
     "start_date": "2025-11-03"},
    {"type": "elective", "specialty": "Internal Medicine",
     "institution": "Cedar Hollow University Hospital", "months": 1, "radiology": False,
     "start_date": "2021-07-05"},
)

PRIORITIES = {  # feature -> (importance, preference)
    "J-1/H-1B sponsorship": ("must", None),
    "IMG representation": ("must", None),
    "region": ("nice", "Midwest,South"),
    "level 1 trauma center": ("nice", None),
    "collegial culture": ("nice", None),
    "history with IMGs": ("nice", None),
    "subspecialty interest": ("nice", "neuro,MSK"),
    "cost of living": ("nice", None),
}

RED_FLAGS = (
    {"type": "gap over 3-6 months", "start_date": "2022-09-01", "end_date": "2023-06-30",
     "explanation": "After graduating I spent ten months caring for my father during his cancer "
                    "treatment. I kept up with medicine through weekly teleradiology case reviews "
                    "and an online research course, and returned to full-time work once he was in "
                    "remission. The research that followed led to both of my radiology "
                    "publications.",
     "mentor_reviewed": True},
    {"type": "limited radiology exposure", "start_date": None, "end_date": None,
     "explanation": "My US radiology experience is a two-month observership. I added depth with "
                    "two radiology research projects and by shadowing the reading room during my "
                    "medicine externship, and my radiology letter comes from the observership "
                    "supervisor.",
     "mentor_reviewed": False},
)

# (person, role, program key or None, channel, date, questions, notes, follow-up, done)
CONTACTS = (
    ("Dr. Amara Okafor", "IMG resident", ("lakemont", DR), "social DM", "2026-07-14",
     "Is the J-1 sponsored every year? How many IMGs matched in the last two classes? "
     "Is there protected research time?",
     "J-1 every year through ECFMG; three IMGs in each of the last two classes; "
     "a research half-day every other week.", "2026-08-01", True),
    ("Residency coordinator (Ms. Ferrante)", "coordinator", ("silverpine", DR), "email",
     "2026-10-02",
     "Do you sponsor J-1 or H-1B visas? Is there a Step 2 CK minimum? "
     "Do you consider graduates from 2022?", "Automatic reply only; resend to the PD.",
     "2026-11-10", False),
    ("Residency coordinator", "coordinator", ("pinecrest", DR), "email", "2026-11-18",
     "Do you sponsor J-1 visas? Is there a limit on years since graduation? "
     "Do you require US clinical experience?", None, "2026-12-02", False),
    ("Mr. Daniel Hsu (coordinator)", "coordinator", ("tidewater", DR), "email", "2026-11-12",
     "Do you sponsor J-1 visas? How many current residents are IMGs? Is there a Step 2 CK minimum?",
     "Replied: J-1 'case by case'; asked for my CV. Sent it.", "2026-11-24", False),
    ("Residency coordinator", "coordinator", ("evergreen", IM), "email", "2026-09-12",
     "Do you sponsor J-1 or H-1B visas? Do you accept graduates from 2022?",
     "J-1 only, no H-1B; graduates within 5 years. They will update the website.", None, True),
    ("Dr. Lukas Brandt", "faculty", ("cedar", DR), "in person", "2026-09-20",
     "How do residents get involved in neuroradiology research? Do DR residents rotate in IR? "
     "How are visas handled?",
     "Met at the regional radiology meeting. Neuro projects open to PGY-2s; IR elective "
     "from PGY-3; GME office handles J-1 and H-1B.", "2026-12-05", False),
    ("Dr. Helen Marsh", "mentor", None, "call", "2026-06-05",
     "Is a DR-only application defensible with 241? How many IM programs as backup? "
     "When should I build the PGY-1 list?",
     "Dual apply: about 80 DR and 90 IM; apply to TY/prelim programs at the same institutions.",
     "2026-12-15", False),
    ("Dr. Rafael Gomes", "alum", ("magnolia", DR), "social DM", "2026-08-22",
     "How supportive is the program of IMGs? How did the J-1 process go? What is call like?",
     "Very supportive; J-1 paperwork smooth; PGY-2 call is heavy but well supervised.", None,
     False),
    ("Dr. Irina Volkova", "current resident", ("greatlakes", DR), "call", "2026-10-28",
     "Will the new program director keep sponsoring J-1 visas? How many IMGs in each class? "
     "How is the case volume?", "Not sure about the visa after the PD leaves; case volume good.",
     "2026-11-20", False),
    ("Dr. Chinedu Obi", "IMG resident", ("brightwater", IM), "social DM", "2026-09-30",
     "Do IMG residents get fellowship interviews? How is the 4+1 schedule in practice? "
     "Can IM residents do radiology research?",
     "Yes to all; two IMG graduates matched cardiology last year.", None, False),
    ("Residency coordinator", "coordinator", ("highdesert", FM), "email", "2026-11-05",
     "Do you sponsor J-1 visas? Is there a Step 2 CK minimum?", None, "2026-11-19", False),
    ("Residency coordinator", "coordinator", ("capitol", "Prelim Surgery"), "email", "2026-11-12",
     "Do preliminary surgery residents get J-1 sponsorship? Is there a Step 2 CK minimum?",
     None, "2026-12-01", False),
    ("Dr. Meera Pillai", "current resident", ("prairie", DR), "call", "2026-11-21",
     "What do residents wish they had known before starting? How is the call schedule? "
     "How does the program support J-1 residents?",
     "Book a call before the interview; program likes specific questions about the curriculum.",
     "2026-12-03", False),
)

# (program key, date, format, culture, happiness, education, img_support, location, gut,
#  red flag count, positives, red flags noticed)
INTERVIEWS = (
    (("cedar", DR), "2026-10-21", "virtual", 5, 4, 5, 4, 3, 5, 0,
     "Excellent neuro and body teaching; PD answered the visa question directly.", None),
    (("lakemont", DR), "2026-10-28", "in person", 5, 5, 4, 5, 4, 5, 0,
     "Happy residents; three IMGs per class; J-1 sponsored every year.", None),
    (("lakemont", "TY"), "2026-10-29", "in person", 4, 5, 3, 4, 4, 4, 0,
     "Radiology elective in PGY-1; same hospital as the DR program.", None),
    (("brightwater", DR), "2026-11-04", "virtual", 4, 3, 4, 4, 4, 4, 1,
     "High volume; good procedures exposure.",
     "Two residents mentioned frequent 28-hour calls in PGY-2."),
    (("brightwater", IM), "2026-11-05", "virtual", 4, 4, 4, 5, 4, 4, 0,
     "Supportive chiefs; many IMG residents; fellowship matches strong.", None),
    (("brightwater", "Prelim Medicine"), "2026-11-06", "virtual", 3, 3, 4, 4, 4, 3, 1,
     "Solid ward teaching.", "Heavy ward months with few electives."),
    (("magnolia", DR), "2026-11-12", "virtual", 4, 4, 3, 5, 4, 4, 0,
     "Supportive culture; long record with IMG residents.", None),
    (("greatlakes", DR), "2026-11-18", "virtual", 3, 3, 3, 2, 3, 2, 2,
     "Good case volume.",
     "Program director leaving in June; nobody sure the J-1 will still be sponsored."),
)

PRIMARY_LIST = (("cedar", DR), ("lakemont", DR), ("brightwater", DR), ("magnolia", DR),
                ("brightwater", IM), ("greatlakes", DR))
SUPPLEMENTAL_LIST = (("lakemont", "TY"), ("brightwater", "Prelim Medicine"))

LETTERS = (
    {"writer": "Dr. Naomi Castellanos", "role": "diagnostic radiologist",
     "writer_specialty": "Radiology", "us_based": True, "requested": "2026-06-20",
     "received": "2026-08-10", "uploaded": "2026-08-12", "assigned_to": "DR"},
    {"writer": "Dr. Samuel Whitfield", "role": "core clinical",
     "writer_specialty": "Internal Medicine", "us_based": True, "requested": "2026-06-25",
     "received": "2026-08-28", "uploaded": "2026-08-30", "assigned_to": "DR,backup"},
    {"writer": "Dr. Priya Raman", "role": "research mentor", "writer_specialty": "Radiology",
     "us_based": False, "requested": "2026-07-01", "received": "2026-09-05",
     "uploaded": "2026-09-06", "assigned_to": "DR"},
    {"writer": "Dr. Thomas Adeyemi", "role": "core clinical", "writer_specialty": "Internal Medicine",
     "us_based": True, "requested": "2026-07-10", "received": None, "uploaded": None,
     "assigned_to": "backup"},
)

STATEMENTS = (
    {"specialty": "DR", "track": "Advanced", "version": 3, "status": "mentor-reviewed",
     "body": "The first time I saw a CT angiogram change a treatment plan in minutes, I was a "
             "medical student on a night shift. Radiology has held my attention ever since: it "
             "sits at the centre of almost every decision the rest of the hospital makes.\n\n"
             "After graduating I spent ten months caring for my father during his treatment. I "
             "kept learning through weekly case reviews, and the research that followed became "
             "two radiology publications on emergency CT use.\n\n"
             "My observership in a busy academic reading room showed me how radiologists teach, "
             "consult and protect patients from unnecessary imaging. I am looking for a program "
             "with strong clinical volume, generous teaching and room for research, where I can "
             "grow into a radiologist that referring physicians seek out."},
    {"specialty": "IM", "track": "Categorical", "version": 1, "status": "draft",
     "body": "Internal medicine taught me to think about the whole patient. During my US "
             "externship I followed patients from admission to discharge and learned how much a "
             "clear plan and an honest conversation matter. [Draft: add the externship case and "
             "what I want from an IM program.]"},
)

PRACTICE_EXAMS = (("NBME", "2026-02-14", 226), ("NBME", "2026-03-14", 231),
                  ("UWSA1", "2026-04-04", 236), ("NBME", "2026-04-25", 240),
                  ("UWSA2", "2026-05-16", 243))


HISTORY_SOURCE = "fictional sample figures, not NRMP data"
HISTORY_YEARS = range(2020, 2027)


def match_history(program_id: int, index: int, quota: int | None) -> list[dict]:
    """A made-up Match record per program, varied by its place in the list: every fifth
    program is new (first positions 2025), every fourth left positions unfilled, every third
    grew by one position in 2024."""
    if not quota:
        return []
    rows = []
    for year in HISTORY_YEARS:
        offered = 0 if index % 5 == 0 and year < 2025 else max(quota - (index % 3 == 0 and year < 2024), 1)
        unfilled = 1 if index % 4 == 0 and year in (2022, 2024) and offered else 0
        rows.append({"program_id": program_id, "year": year, "quota": offered,
                     "matched": offered - unfilled, "source": HISTORY_SOURCE,
                     "source_date": SAMPLE_TODAY})
    return rows


def build(path: str | Path) -> Path:
    """Write the sample database to `path`, replacing any file there. Returns the path."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.building")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm"), Path(f"{temp}-journal")):
        leftover.unlink(missing_ok=True)
    store = Store.open(temp)
    try:
        with store.batch("build sample"):
            _fill(store)
        conn = store.conn
        conn.execute("DELETE FROM change_log")  # the shipped file has no undo history
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise RuntimeError(f"could not leave WAL mode (journal_mode is {mode})")
    finally:
        store.close()
    for sidecar in ("-wal", "-shm", "-journal"):
        Path(f"{path}{sidecar}").unlink(missing_ok=True)
    os.replace(temp, path)
    return path


def _fill(store: Store) -> None:
    ids: dict[tuple[str, str], int] = {}
    for index, p in enumerate(PROGRAMS):
        key = (p.inst, p.specialty)
        if key in ids:
            raise ValueError(f"duplicate sample program {key}")
        ids[key] = store.insert_row("programs", program_row(p, index))
        for field, source, noted_at in _provenance(p, index):
            store.set_provenance(ids[key], field, source, noted_at)
        store.insert_rows("match_history", match_history(ids[key], index,
                                                         program_row(p, index)["residents_per_year"]))

    profile_id = store.rows("profile")[0]["id"]
    for field, value in PROFILE.items():
        store.set_value("profile", profile_id, field, value)
    for row in USCE:
        store.insert_row("usce", row)
    by_feature = {row["feature"]: row["id"] for row in store.rows("priorities")}
    for feature, (importance, preference) in PRIORITIES.items():
        store.set_value("priorities", by_feature[feature], "importance", importance)
        if preference is not None:
            store.set_value("priorities", by_feature[feature], "preference", preference)
    for row in RED_FLAGS:
        store.insert_row("red_flags", row)
    for person, role, program, channel, date, questions, notes, follow_up, done in CONTACTS:
        store.insert_row("contacts", {
            "person": person, "role": role, "program_id": ids[program] if program else None,
            "channel": channel, "date": date, "questions": questions, "notes": notes,
            "follow_up": follow_up, "follow_up_done": done})
    for (program, date, fmt, culture, happiness, education, img_support, location, gut, flags,
         positives, noticed) in INTERVIEWS:
        store.insert_row("interviews", {
            "program_id": ids[program], "date": date, "format": fmt, "culture": culture,
            "happiness": happiness, "education": education, "img_support": img_support,
            "location": location, "gut_rank": gut, "red_flag_count": flags,
            "positives": positives, "red_flags_noticed": noticed})

    primary = next(r["id"] for r in store.rows("rank_lists") if r["kind"] == "primary")
    for position, program in enumerate(PRIMARY_LIST, start=1):
        store.insert_row("rank_entries", {"list_id": primary, "program_id": ids[program],
                                          "position": position})
    advanced = [ids[p] for p in PRIMARY_LIST if p[1] == DR]
    supplemental = store.insert_row("rank_lists", {
        "kind": "supplemental", "name": "Supplemental PGY-1 list",
        "advanced_program_ids": ",".join(str(i) for i in advanced)})
    for position, program in enumerate(SUPPLEMENTAL_LIST, start=1):
        store.insert_row("rank_entries", {"list_id": supplemental, "program_id": ids[program],
                                          "position": position})

    for row in LETTERS:
        store.insert_row("letters", row)
    for row in STATEMENTS:
        store.insert_row("statements", row)
    for exam, date, score in PRACTICE_EXAMS:
        store.insert_row("practice_exams", {"exam": exam, "date": date, "score": score})
    # Timeline: everything due before the interview season is done.
    for row in store.rows("timeline"):
        if row["months_before_match"] is not None and row["months_before_match"] > 4:
            store.set_value("timeline", row["id"], "done", True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.sample", description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH),
                        help=f"where to write the sample (default: {DEFAULT_PATH})")
    args = parser.parse_args(argv)
    try:
        out = build(args.path)
    except (OSError, sqlite3.Error) as error:
        print(f"could not build the sample: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
