"""The sample's fictional programs: invented institutions, each program's facts, and the row,
sources and dates the sample database stores for it (store/sample.py builds the file).

Every institution and address here is invented; web addresses use the reserved `.example` domain.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def provenance(p: P, index: int) -> list[tuple[str, str, str]]:
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
