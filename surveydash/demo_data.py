"""Synthetic demo data: events, registrations, attendance and surveys.

Every record is invented by a seeded generator that uses only the standard
library's ``random.Random``, so ``python -m surveydash.demo_data`` writes
byte-identical files on every run. Two events (krila-2022 and
kenya-partnership-2019) reproduce the published totals of real events; the
others are plausible inventions. Names come from small lists of first and last
names from many regions, and every e-mail address is on example.org.

The files are deliberately a little messy, the way real exports are: duplicate
registrations, country and sector variants that the importer must normalize,
attendance e-mails in a different case or with stray spaces, a few
unrecognizable values for the data-quality page (see ``PLANTED_VALUES``).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from surveydash.fields import KIND_FIELDS

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "data" / "demo"
COUNTRIES_CSV = REPO_ROOT / "data" / "reference" / "countries_m49.csv"

# Shares of messiness. They are small on purpose: enough rows for every
# normalization rule to be exercised on each page, few enough that the demo
# still reads like a clean event report.
DUPLICATE_REGISTRATION_RATE = 0.02
MESSY_ATTENDANCE_EMAIL_RATE = 0.05
ANONYMOUS_RESPONSE_RATE = 0.60
SECTOR_VARIANT_RATE = 0.10
# Applied only to countries that have a variant spelling (Korea, Türkiye, ...);
# together with ISO3 codes this gives roughly one variant in ten rows.
COUNTRY_VARIANT_RATE = 0.35
COUNTRY_ISO3_RATE = 0.05
COUNTRY_CASE_RATE = 0.03
REGISTRATION_OPENS_DAYS = 45

CANONICAL_SECTORS = (
    "National Government",
    "Local or Regional Government",
    "Academic Institutions",
    "Civil Society Organizations",
    "Private Sector or Philanthropic Organizations",
    "International Organizations",
    "Scientific Community",
    "Other",
)

# Spellings seen in real registration forms that the importer maps back to the
# canonical sector.
SECTOR_VARIANTS = {
    "National Government": ("Ministry of Finance",),
    "Local or Regional Government": ("Municipality", "Local/Regional Government"),
    "Academic Institutions": ("Academia", "University"),
    "Civil Society Organizations": ("NGO",),
    "International Organizations": ("UN agency",),
}

# Common non-M49 spellings, keyed by the ISO3 code they stand for. "USA" is
# also the ISO3 code; it is listed because people type it as a name.
COUNTRY_VARIANTS = {
    "KOR": ("Korea, Republic of", "South Korea"),
    "TUR": ("Turkey",),
    "CIV": ("Cote d'Ivoire",),
    "VNM": ("Vietnam",),
    "GBR": ("UK",),
    "USA": ("USA",),
    "LAO": ("Lao PDR",),
    "TZA": ("Tanzania",),
    "COD": ("Congo, Democratic Republic of the",),
}

GENDERS = ("Female", "Male")


# --------------------------------------------------------------------------
# Names and organizations
# --------------------------------------------------------------------------

# The name and organization tables below stay packed (fmt: off): one name per
# line would make them several hundred lines long without making them clearer.

# (female first names, male first names, last names) per name pool.
# fmt: off
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "african": (
        (
            "Amina", "Fatou", "Grace", "Chiamaka", "Nomvula", "Esther", "Mariama", "Adwoa",
            "Aminata", "Thandiwe", "Awa", "Blessing", "Hiwot", "Aïssatou",
        ),
        (
            "Kwame", "Tendai", "Moussa", "Emeka", "Jean-Baptiste", "Samuel", "Ibrahim", "Tesfaye",
            "Kofi", "Oumar", "Thabo", "Chinedu", "Serge",
        ),
        (
            "Diallo", "Mensah", "Okafor", "Banda", "Traoré", "Nkosi", "Haile", "Kamara", "Ndiaye",
            "Osei", "Phiri", "Abebe", "Sow", "Uwimana", "Mbeki", "Koné", "Nyirenda", "Adeyemi",
        ),
    ),
    "kenyan": (
        (
            "Wanjiru", "Achieng", "Njeri", "Wambui", "Chebet", "Akinyi", "Nyambura", "Jepkoech",
            "Mercy", "Faith", "Halima",
        ),
        (
            "Otieno", "Kamau", "Kiprono", "Mwangi", "Odhiambo", "Mutua", "Kipchoge", "Wafula",
            "Brian", "Dennis", "Abdi",
        ),
        (
            "Mwangi", "Otieno", "Kamau", "Ochieng", "Njoroge", "Mutua", "Kiplagat", "Wanyama",
            "Omondi", "Kariuki", "Chege", "Owino", "Mohamed", "Rotich",
        ),
    ),
    "arab": (
        (
            "Fatima", "Layla", "Mariam", "Nour", "Rania", "Salma", "Yasmin", "Huda",
        ),
        (
            "Ahmed", "Omar", "Youssef", "Karim", "Khaled", "Tariq", "Hassan", "Sami",
        ),
        (
            "El-Sayed", "Haddad", "Benali", "Khalil", "Mansour", "Nasser", "Saleh", "Hamdan",
            "Aziz", "Bouzid", "Al-Amin",
        ),
    ),
    "latam": (
        (
            "María", "Ana", "Lucía", "Camila", "Valentina", "Gabriela", "Paola", "Keisha",
            "Shanice", "Rosa",
        ),
        (
            "José", "Carlos", "Luis", "Diego", "Andrés", "Javier", "Mateo", "Andre", "Marlon",
            "Jean-Claude",
        ),
        (
            "González", "Rodríguez", "Silva", "Pérez", "Martínez", "Fernández", "Gómez", "López",
            "Ramírez", "Rojas", "Benítez", "Duarte", "Charles", "Joseph", "Baptiste", "Williams",
        ),
    ),
    "korean": (
        (
            "Ji-woo", "Min-ji", "Seo-yeon", "Hye-jin", "Eun-ji", "Soo-ah", "Ha-eun",
        ),
        (
            "Min-jun", "Seung-ho", "Dong-hyun", "Jae-won", "Sung-min", "Hyun-woo", "Ji-hoon",
        ),
        (
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
            "Shin",
        ),
    ),
    "east_asian": (
        (
            "Mei", "Li Na", "Yuki", "Xiaoling", "Sarangerel", "Hana",
        ),
        (
            "Wei", "Hiroshi", "Jian", "Bat-Erdene", "Kenji", "Hao",
        ),
        (
            "Wang", "Chen", "Li", "Zhang", "Tanaka", "Sato", "Ganbaatar", "Liu",
        ),
    ),
    "southeast_asian": (
        (
            "Thi Lan", "Siti", "Nurul", "Ploy", "Maria Luisa", "Dewi", "Sokha", "Malalai",
        ),
        (
            "Minh", "Arief", "Somchai", "Rizal", "Bounmy", "Sopheak", "Aung",
        ),
        (
            "Nguyen", "Tran", "Santos", "Reyes", "Wijaya", "Phommachanh", "Chanthavong", "Rahman",
            "Lim", "Soe", "Dela Cruz",
        ),
    ),
    "south_central_asian": (
        (
            "Priya", "Ananya", "Nasrin", "Ayesha", "Dilnoza", "Gulnara", "Pema", "Elif", "Aigerim",
        ),
        (
            "Rahul", "Arjun", "Imran", "Rashed", "Bakhyt", "Farrukh", "Sanjay", "Mehmet", "Tenzin",
        ),
        (
            "Sharma", "Khan", "Rahman", "Hossain", "Perera", "Shrestha", "Karimov", "Gurung",
            "Dorji", "Aliyev", "Sultanov", "Ahmadzai", "Fernando", "Yılmaz", "Demir",
        ),
    ),
    "european": (
        (
            "Anna", "Sofia", "Emma", "Elena", "Laura", "Marta", "Claire", "Ingrid",
        ),
        (
            "Thomas", "Lukas", "Marco", "Pierre", "Ivan", "Daniel", "Erik", "Nikos",
        ),
        (
            "Smith", "Müller", "Rossi", "Dubois", "Novak", "Jansen", "Kowalski", "Horvat",
            "García", "Petrov", "Andersson", "O'Brien", "Papadopoulos",
        ),
    ),
    "pacific": (
        (
            "Mere", "Losana", "Salote", "Leilani", "Alisi", "Makerita",
        ),
        (
            "Sione", "Tevita", "Manase", "Iosefa", "Semisi", "Joji",
        ),
        (
            "Tuilagi", "Vunibola", "Kaufana", "Tavita", "Fonoti", "Kalsakau", "Tamapua", "Waqa",
            "Ratuva",
        ),
    ),
}
# fmt: on

NAME_POOL_OVERRIDES = {
    "KOR": "korean",
    "KEN": "kenyan",
    "TUR": "south_central_asian",
    "AZE": "south_central_asian",
    "GEO": "european",
    "ARM": "european",
    "CYP": "european",
    "ISR": "european",
}

SUBREGION_NAME_POOLS = {
    "Northern Africa": "arab",
    "Sub-Saharan Africa": "african",
    "Latin America and the Caribbean": "latam",
    "Northern America": "european",
    "Eastern Asia": "east_asian",
    "South-eastern Asia": "southeast_asian",
    "Southern Asia": "south_central_asian",
    "Central Asia": "south_central_asian",
    "Western Asia": "arab",
    "Australia and New Zealand": "european",
    "Melanesia": "pacific",
    "Micronesia": "pacific",
    "Polynesia": "pacific",
}

# fmt: off
ORGANIZATIONS = {
    "National Government": (
        "Ministry of Finance", "Ministry of Public Administration",
        "Ministry of Planning and Development", "Office of the President",
        "Ministry of Local Government", "National Planning Commission",
        "Ministry of Foreign Affairs", "Public Service Commission", "Ministry of Interior",
        "National Statistics Office", "Ministry of Environment, Climate Change and Forestry",
    ),
    "Local or Regional Government": (
        "City Council", "Municipal Government", "Provincial Government", "District Council",
        "Association of Local Authorities", "Regional Development Agency",
        "Metropolitan Municipality", "Office of the Mayor",
    ),
    "Academic Institutions": (
        "National University", "School of Public Administration",
        "Institute of Development Studies", "Faculty of Law and Political Science",
        "University of Technology", "National School of Administration",
    ),
    "Civil Society Organizations": (
        "Youth for Development Network", "Women in Governance Association",
        "Transparency Initiative", "Community Action Foundation", "Citizens' Budget Forum",
    ),
    "Private Sector or Philanthropic Organizations": (
        "GovTech Solutions Ltd.", "Development Consulting Group", "Open Data Foundation",
        "Civic Tech Partners, Inc.",
    ),
    "International Organizations": (
        "UNDP", "UNICEF", "UN-Habitat", "World Bank", "ESCAP", "UNESCO", "UN Women", "OECD",
        "African Union Commission", "Inter-American Development Bank", "Commonwealth Secretariat",
    ),
    "Scientific Community": (
        "National Research Council", "Institute of Statistics and Economic Research",
        "Centre for Climate Research", "Academy of Sciences",
    ),
    "Other": (
        "Independent consultant", "Student", "Media", "Retired",
    ),
}
# fmt: on

# fmt: off
KOREAN_ORGANIZATIONS = {
    "Local or Regional Government": (
        "Seoul Metropolitan Government", "Gyeonggi Provincial Government",
        "Busan Metropolitan City", "Suwon City", "Jeju Special Self-Governing Province",
    ),
    "National Government": (
        "Ministry of the Interior and Safety", "Ministry of Economy and Finance",
    ),
    "Academic Institutions": (
        "Seoul National University", "Korea University",
        "Graduate School of Public Administration",
    ),
    "Scientific Community": (
        "Korea Research Institute for Local Administration",
    ),
}
# fmt: on

# fmt: off
KENYAN_ORGANIZATIONS = {
    "National Government": (
        "The National Treasury and Planning", "State Department for Planning",
        "Ministry of Devolution and ASALs", "Ministry of Foreign Affairs",
        "Kenya National Bureau of Statistics", "Ministry of Environment and Forestry",
        "Ministry of Health",
    ),
    "Local or Regional Government": (
        "County Government of Kisumu", "County Government of Nakuru",
        "County Government of Makueni", "County Government of Mombasa", "Council of Governors",
        "Nairobi City County",
    ),
    "International Organizations": (
        "UNDP Kenya", "UN Resident Coordinator's Office, Kenya", "UNICEF Kenya",
    ),
    "Civil Society Organizations": (
        "SDGs Kenya Forum", "Kenya Community Development Foundation",
    ),
}
# fmt: on

# fmt: off
FRANCOPHONE_ISO3 = (
    "SEN", "CIV", "BEN", "BFA", "MLI", "NER", "CMR", "COD", "COG", "MDG", "HTI", "MAR", "TUN",
    "GIN", "TGO", "TCD", "BDI", "RWA", "COM", "DJI", "GAB", "MRT", "CAF", "DZA", "LBN", "VUT",
    "FRA", "BEL", "CAN", "CHE",
)
# fmt: on


# --------------------------------------------------------------------------
# Survey scales and open-text answers
# --------------------------------------------------------------------------

# Labels from level 1 (worst) to level 5 (best).
SCALE_LABELS = {
    ("quality", "en"): ("Poor", "Fair", "Good", "Very good", "Excellent"),
    ("quality", "fr"): ("Médiocre", "Passable", "Bien", "Très bien", "Excellent"),
    ("likelihood", "en"): (
        "Very unlikely",
        "Unlikely",
        "Neutral",
        "Likely",
        "Very likely",
    ),
    ("satisfaction", "en"): (
        "Very dissatisfied",
        "Dissatisfied",
        "Neutral",
        "Satisfied",
        "Very satisfied",
    ),
}
YES_NO = {"en": ("Yes", "No"), "fr": ("Oui", "Non")}

# Share of open-text questions left blank, by pool.
TEXT_BLANK_RATE = {
    "useful": 0.25,
    "improve": 0.35,
    "themes": 0.40,
    "support": 0.35,
    "comments": 0.60,
}

TEXT_POOLS_EN = {
    "useful": (
        "The session on {topic}.",
        "Examples of {topic} from other countries.",
        "The discussion on {topic}, especially the practical examples.",
        "Learning about {topic} from peers in other regions.",
        "The case studies from other countries.",
        "Practical examples that I can share with my colleagues.",
        "The panel discussion on multi-level governance.",
        "Networking with colleagues from the region.",
        'The presentation on "whole-of-government" approaches was very clear.',
        "Peer exchange with other practitioners, and the Q&A session.",
        "Hearing directly from mayors and ministry officials.",
        "Everything! The speakers were very knowledgeable.",
        "The tools for assessing institutional capacity.",
        "Materials and slides shared after the session.",
        "Three things:\n- the case studies\n- the Q&A\n- the shared slides",
        "The moderator kept the discussion focused, and the examples were "
        "relevant to small administrations like ours.",
    ),
    "improve": (
        "More time for questions and answers.",
        "More depth on {topic}.",
        "A follow-up session on {topic} would help.",
        "Please share the presentations in advance.",
        "Interpretation into French and Spanish would help.",
        "Some speakers spoke too fast, and the audio was poor at times.",
        "Shorter presentations, more discussion.",
        'Less "theory", more practical tools.',
        "Breakout rooms to discuss with peers.",
        "Nothing, it was well organized.",
        "Better time management; the last panel was rushed.",
        "Invite more speakers from least developed countries.",
        "Two suggestions:\n- longer breaks between sessions\n- a list of participants",
    ),
    # Only said of events that were (partly) online.
    "improve_online": (
        "The session was too long for participants in my time zone.",
        "The registration link did not work at first.",
        "Send the agenda earlier.\nAlso, the link changed at the last minute.",
        "The connection dropped twice; a recording would help.",
    ),
    "themes": (
        "{topic}",
        "More on {topic}",
        "Digital transformation in local government",
        "Climate resilience and disaster risk reduction",
        "Financing the SDGs at the local level",
        "Public sector innovation",
        "Data for decision-making",
        "Gender equality in public administration",
        "Anti-corruption, transparency and accountability",
        "Engaging youth in policymaking",
        "Artificial intelligence in the public sector",
        "Mental health and well-being of public servants",
        'Leadership, change management, and a "new" public service culture',
    ),
    "support": (
        "Yes, our institution would welcome support on {topic}.",
        "Yes. We are preparing a Voluntary Local Review and need guidance.",
        "Possibly; I need to consult my supervisor.",
        "No, not at this time.",
        "Yes, particularly training for municipal staff on {topic}.",
        "Yes, we would like technical assistance on a national e-government strategy.",
        "Our university could partner on research and training.",
        "Yes, please contact our planning department.",
        "Yes:\n1) training of trainers\n2) tools for monitoring the SDGs",
    ),
    "comments": (
        "Thank you for organizing this event!",
        "Great event, congratulations to {organizers}.",
        "Please keep me informed about future events.",
        "A certificate of participation would be appreciated.",
        'As one speaker said, "institutions matter", and this event showed why.',
        "Thank you.\nLooking forward to the next one.",
        "Very well organized, thank you to {organizers}.",
        "It would be good to have the recording available.",
    ),
}

TEXT_POOLS_FR = {
    "useful": (
        "Le module sur {topic}.",
        "Les exemples concrets sur {topic}.",
        "Les études de cas des autres pays.",
        "Les échanges avec les collègues d'autres pays, notamment d'Afrique de l'Ouest.",
        "Les outils pratiques présentés par les formateurs.",
        'La notion de "gouvernance anticipative" était nouvelle pour moi.',
        "Tout, merci !",
        "Les travaux de groupe, et les documents partagés après chaque séance.",
    ),
    "improve": (
        "Plus de temps pour les questions.",
        "La connexion internet était instable ; prévoir des enregistrements.",
        "Partager les documents à l'avance.",
        "Des séances plus courtes, et plus d'exercices pratiques.",
        "Rien à signaler.",
        "Le son était mauvais lors de la deuxième séance.\nMerci de vérifier "
        "le micro des intervenants.",
        "Approfondir {topic}.",
    ),
    "themes": (
        "Gestion axée sur les résultats",
        "Lutte contre la corruption",
        "Gouvernance locale et décentralisation",
        "Leadership, gestion du changement et motivation des agents",
        "Intelligence artificielle dans l'administration publique",
        "Égalité des genres dans la fonction publique",
        "{topic}",
    ),
    "comments": (
        "Merci pour cette formation très enrichissante.",
        "Bravo aux organisateurs !",
        'Une formation "de qualité", à refaire.',
        "Merci.\nJ'espère une deuxième édition en 2022.",
        "Une attestation de participation serait la bienvenue.",
    ),
}

# Answer pool for the Kenya workshop's "which session" question.
KENYA_USEFUL = (
    "The session on {topic}, because it applies to our county work.",
    "Day 2 on multi-stakeholder partnerships for the SDGs.",
    "The group exercise on designing a partnership, it was very practical.",
    "The presentation by the Council of Governors.",
    "Partnership mapping. We will use it in the county integrated development plan.",
    "All sessions were useful.",
)


# --------------------------------------------------------------------------
# Event plans
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """One session (or day) of an event, with its scheduled times."""

    name: str
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class Question:
    """A survey question: its header text and the kind of answer it takes.

    kind is "quality", "likelihood", "satisfaction" (five-point scales),
    "yesno", or "text:<pool>" for an open question answered from that pool.
    """

    text: str
    kind: str


@dataclass(frozen=True)
class SurveyPlan:
    responses: int
    questions: tuple[Question, ...]
    # "labels" (Excellent), "numbered" (5 - Excellent) or "numbers" (5).
    rating_style: str
    language: str
    # Chance of a respondent's general mood being 5, 4, 3, 2, 1.
    mood_weights: tuple[float, float, float, float, float]
    difficulty_rate: float
    # Exact (canonical sector, responses) pairs, or empty for sectors drawn
    # from the respondents' registrations.
    sector_quota: tuple[tuple[str, int], ...] = ()
    kenya_useful: bool = False


@dataclass(frozen=True)
class Plant:
    """A messy value written on purpose for the data-quality page."""

    file: str  # "registrations" or "survey"
    column: str  # "country" or "sector"
    value: str


@dataclass(frozen=True)
class EventPlan:
    id: str
    title: str
    series: str
    format: str
    location: str
    organizers: str
    languages: str
    sessions: tuple[Session, ...]
    registrants: int
    attendees: int
    survey: SurveyPlan
    topics: tuple[str, ...]
    # "global", "sids", "lldc", "francophone", "asia_pacific", or "host" (the
    # host country only).
    country_focus: str
    sector_weights: tuple[float, ...]  # in CANONICAL_SECTORS order
    in_person: bool = False
    # The host country sends the largest group: this share of the registrants
    # (for exact-figure events, of those from attending countries).
    host_country: str = ""
    host_share: float = 0.0
    # Chance that an attendee joins each session (multi-session events).
    session_attendance: tuple[float, ...] = ()
    exact_countries: int | None = None
    exact_attendee_countries: int | None = None
    forced_countries: tuple[str, ...] = ()
    forced_attendee_countries: tuple[str, ...] = ()
    exact_sectors: tuple[tuple[str, int], ...] = ()
    # Countries that must appear under both their M49 name and a variant, so
    # that a distinct-country count only comes out right after normalizing.
    two_spellings: tuple[str, ...] = ()
    always_variant_sectors: tuple[str, ...] = ()
    planted: tuple[Plant, ...] = ()

    @property
    def start_date(self) -> date:
        return self.sessions[0].day

    @property
    def end_date(self) -> date:
        return self.sessions[-1].day


def _session(name: str, day: str, start: str, end: str) -> Session:
    return Session(
        name, date.fromisoformat(day), time.fromisoformat(start), time.fromisoformat(end)
    )


KRILA_QUESTIONS = (
    Question("How would you rate the Forum overall?", "quality"),
    Question(
        "How would you rate the relevance of the theme and the clarity of the objectives?",
        "quality",
    ),
    Question("How would you rate the quality of the presentations and discussion?", "quality"),
    Question("How likely are you to apply what you learned at the Forum?", "likelihood"),
    Question("Did you experience any technical or logistical difficulties?", "yesno"),
    Question("What did you find most useful?", "text:useful"),
    Question("What could be improved?", "text:improve"),
    Question("What themes would you suggest for future events?", "text:themes"),
    Question(
        "Would your institution be interested in capacity development "
        "support from UN DESA? Please describe.",
        "text:support",
    ),
    Question("Any other comments?", "text:comments"),
)

KENYA_QUESTIONS = (
    Question("Overall, how would you rate the workshop? (1 = Poor, 5 = Excellent)", "quality"),
    Question("How relevant was the content to your work? (1 = Poor, 5 = Excellent)", "quality"),
    Question(
        "How would you rate the facilitation and group exercises? (1 = Poor, 5 = Excellent)",
        "quality",
    ),
    Question(
        "How would you rate the venue and logistical arrangements? (1 = Poor, 5 = Excellent)",
        "quality",
    ),
    Question(
        "How likely are you to use the partnership tools in your work? "
        "(1 = Very unlikely, 5 = Very likely)",
        "likelihood",
    ),
    Question("Did you experience any technical or logistical difficulties?", "yesno"),
    Question("Which session was most useful to you and why?", "text:useful"),
    Question("What could be improved?", "text:improve"),
    Question("Any other comments?", "text:comments"),
)

SIDS_QUESTIONS = (
    Question("How would you rate the webinar overall?", "quality"),
    Question("How useful was the content for your work?", "quality"),
    Question("How would you rate the speakers?", "quality"),
    Question("How likely are you to recommend this webinar to a colleague?", "likelihood"),
    Question("Did you experience any technical or logistical difficulties?", "yesno"),
    Question("What did you find most useful?", "text:useful"),
    Question("What could be improved?", "text:improve"),
    Question("What topics should future webinars cover?", "text:themes"),
)

EGOV_QUESTIONS = (
    Question("Overall rating of the Forum (1 = Poor, 5 = Excellent)", "quality"),
    Question("Relevance of the sessions to your work (1 = Poor, 5 = Excellent)", "quality"),
    Question("Quality of the speakers (1 = Poor, 5 = Excellent)", "quality"),
    Question(
        "Quality of the online platform and interpretation (1 = Poor, 5 = Excellent)", "quality"
    ),
    Question(
        "How likely are you to apply what you learned? (1 = Very unlikely, 5 = Very likely)",
        "likelihood",
    ),
    Question("Did you experience any technical or logistical difficulties?", "yesno"),
    Question("What did you find most useful?", "text:useful"),
    Question("What could be improved?", "text:improve"),
    Question("What themes would you suggest for future events?", "text:themes"),
    Question("Any other comments?", "text:comments"),
)

COURSE_QUESTIONS = (
    Question("Dans l'ensemble, comment évaluez-vous la formation ?", "quality"),
    Question("Comment évaluez-vous la pertinence des contenus pour votre travail ?", "quality"),
    Question("Comment évaluez-vous la qualité des intervenants ?", "quality"),
    Question("Avez-vous rencontré des difficultés techniques ou logistiques ?", "yesno"),
    Question("Qu'avez-vous trouvé le plus utile ?", "text:useful"),
    Question("Qu'est-ce qui pourrait être amélioré ?", "text:improve"),
    Question("Quels thèmes souhaiteriez-vous pour de futures formations ?", "text:themes"),
    Question("Autres commentaires", "text:comments"),
)

LLDC_QUESTIONS = (
    Question("How would you rate the workshop overall?", "quality"),
    Question("How would you rate the organization and logistics?", "quality"),
    Question("How likely are you to apply what you learned?", "likelihood"),
    Question("Did you experience any technical or logistical difficulties?", "yesno"),
    Question("What did you find most useful?", "text:useful"),
    Question("What could be improved?", "text:improve"),
)

LOCAL_GOV_QUESTIONS = (
    Question("Overall, how satisfied were you with the event?", "satisfaction"),
    Question("How satisfied were you with the speakers?", "satisfaction"),
    Question("How satisfied were you with the opportunities for discussion?", "satisfaction"),
    Question("How likely are you to recommend this forum to a colleague?", "likelihood"),
    Question("Did you experience any technical or logistical difficulties?", "yesno"),
    Question("What was the most valuable part of the forum?", "text:useful"),
    Question("What would you change for next year?", "text:improve"),
    Question("Which topics should the next forum address?", "text:themes"),
)

POSITIVE_MOOD = (0.48, 0.34, 0.12, 0.05, 0.01)
MIXED_MOOD = (0.32, 0.36, 0.20, 0.09, 0.03)

EVENTS: tuple[EventPlan, ...] = (
    EventPlan(
        id="kenya-partnership-2019",
        title="Kenya National Partnership Training Workshop",
        series="2030 Agenda Partnership Accelerator",
        format="in-person",
        location="Nairobi, Kenya",
        organizers="UN DESA; The Partnering Initiative; Government of Kenya",
        languages="en",
        sessions=(
            _session("Day 1", "2019-12-09", "08:30", "15:30"),
            _session("Day 2", "2019-12-10", "08:30", "15:30"),
            _session("Day 3", "2019-12-11", "08:30", "15:30"),
        ),
        registrants=40,
        attendees=40,
        in_person=True,
        session_attendance=(0.9, 0.92, 0.88),
        country_focus="host",
        host_country="KEN",
        host_share=1.0,
        sector_weights=(),
        exact_sectors=(
            ("National Government", 22),
            ("Local or Regional Government", 12),
            ("International Organizations", 3),
            ("Civil Society Organizations", 3),
        ),
        always_variant_sectors=(
            "International Organizations",
            "Civil Society Organizations",
        ),
        topics=(
            "partnership mapping",
            "multi-stakeholder partnerships",
            "monitoring partnerships",
            "county-level coordination",
        ),
        survey=SurveyPlan(
            responses=25,
            questions=KENYA_QUESTIONS,
            rating_style="numbers",
            language="en",
            mood_weights=POSITIVE_MOOD,
            difficulty_rate=0.08,
            sector_quota=(
                ("National Government", 14),
                ("Local or Regional Government", 8),
                ("International Organizations", 2),
                ("Civil Society Organizations", 1),
            ),
            kenya_useful=True,
        ),
    ),
    EventPlan(
        id="sids-webinar-2020",
        title="Webinar: Public Institutions in Small Island Developing States "
        "and the COVID-19 Response",
        series="SIDS Capacity Development Webinars",
        format="virtual",
        location="Online (Zoom)",
        organizers="UN DESA; UNDP",
        languages="en",
        sessions=(_session("", "2020-07-14", "09:00", "11:00"),),
        registrants=246,
        attendees=141,
        country_focus="sids",
        sector_weights=(0.40, 0.12, 0.12, 0.10, 0.06, 0.12, 0.03, 0.05),
        topics=(
            "public service continuity",
            "crisis communication",
            "remote working in the public service",
            "digital service delivery",
        ),
        planted=(
            Plant("registrations", "country", "Atlantis"),
            Plant("registrations", "country", ""),
            Plant("registrations", "country", ""),
            Plant("registrations", "sector", "Media"),
            Plant("registrations", "sector", "Media"),
            Plant("survey", "country", ""),
        ),
        survey=SurveyPlan(
            responses=46,
            questions=SIDS_QUESTIONS,
            rating_style="numbered",
            language="en",
            mood_weights=MIXED_MOOD,
            difficulty_rate=0.22,
        ),
    ),
    EventPlan(
        id="public-service-course-2021",
        title="Cours en ligne : Transformer la fonction publique pour la mise en œuvre des ODD",
        series="UN DESA Online Training Courses",
        format="virtual",
        location="Online (Zoom)",
        organizers="UN DESA",
        languages="fr",
        sessions=(
            _session("Session 1", "2021-05-04", "10:00", "12:00"),
            _session("Session 2", "2021-05-11", "10:00", "12:00"),
            _session("Session 3", "2021-05-18", "10:00", "12:00"),
            _session("Session 4", "2021-05-25", "10:00", "12:00"),
        ),
        registrants=118,
        attendees=79,
        session_attendance=(0.9, 0.8, 0.72, 0.7),
        country_focus="francophone",
        sector_weights=(0.55, 0.15, 0.10, 0.08, 0.03, 0.05, 0.01, 0.03),
        topics=(
            "la transformation numérique",
            "le leadership",
            "l'innovation dans le service public",
            "l'éthique et l'intégrité",
        ),
        survey=SurveyPlan(
            responses=51,
            questions=COURSE_QUESTIONS,
            rating_style="labels",
            language="fr",
            mood_weights=POSITIVE_MOOD,
            difficulty_rate=0.25,
        ),
    ),
    EventPlan(
        id="egov-forum-2021",
        title="2021 Forum on Digital Government for Sustainable Development",
        series="Digital Government Forum",
        format="hybrid",
        location="Incheon, Republic of Korea and online",
        organizers="UN DESA; UNPOG",
        languages="en",
        sessions=(
            _session("Day 1", "2021-11-16", "09:00", "12:30"),
            _session("Day 2", "2021-11-17", "09:00", "12:00"),
        ),
        registrants=884,
        attendees=421,
        session_attendance=(0.86, 0.68),
        country_focus="asia_pacific",
        host_country="KOR",
        host_share=0.18,
        sector_weights=(0.38, 0.14, 0.14, 0.08, 0.10, 0.08, 0.04, 0.04),
        topics=(
            "digital government strategies",
            "data governance",
            "cybersecurity",
            "digital inclusion",
            "e-participation",
        ),
        survey=SurveyPlan(
            responses=118,
            questions=EGOV_QUESTIONS,
            rating_style="numbers",
            language="en",
            mood_weights=MIXED_MOOD,
            difficulty_rate=0.18,
        ),
    ),
    EventPlan(
        id="krila-2022",
        title="2022 UN DESA-KRILA Forum",
        series="UN DESA-KRILA Forum",
        format="virtual",
        location="Online (Zoom)",
        organizers="UN DESA; KRILA",
        languages="en;ko",
        sessions=(_session("", "2022-09-06", "08:00", "11:00"),),
        registrants=693,
        attendees=343,
        exact_countries=91,
        exact_attendee_countries=50,
        # Every country with a variant spelling is in, so the distinct-country
        # figure is only right if the importer folds the variants together.
        forced_countries=("KOR", "TUR", "VNM", "CIV", "TZA", "LAO", "COD", "KEN", "USA", "GBR"),
        forced_attendee_countries=("KOR", "TUR", "VNM", "KEN"),
        two_spellings=("KOR", "TUR", "VNM"),
        country_focus="global",
        host_country="KOR",
        host_share=0.16,
        sector_weights=(0.24, 0.30, 0.20, 0.08, 0.05, 0.06, 0.04, 0.03),
        topics=(
            "local governance",
            "citizen participation",
            "local public service delivery",
            "SDG localization",
            "Voluntary Local Reviews",
        ),
        survey=SurveyPlan(
            responses=32,
            questions=KRILA_QUESTIONS,
            rating_style="labels",
            language="en",
            mood_weights=POSITIVE_MOOD,
            difficulty_rate=0.12,
            sector_quota=(
                ("Academic Institutions", 12),
                ("Local or Regional Government", 8),
                ("National Government", 8),
                ("Civil Society Organizations", 1),
                ("International Organizations", 1),
                ("Private Sector or Philanthropic Organizations", 1),
                ("Scientific Community", 1),
            ),
        ),
    ),
    EventPlan(
        id="lldc-workshop-2023",
        title="Workshop on Effective Institutions for Landlocked Developing Countries",
        series="LLDC Capacity Development Workshops",
        format="in-person",
        location="Asunción, Paraguay",
        organizers="UN DESA; UN-OHRLLS; Government of Paraguay",
        languages="en;es",
        sessions=(
            _session("Day 1", "2023-05-23", "09:00", "17:00"),
            _session("Day 2", "2023-05-24", "09:00", "16:00"),
        ),
        registrants=58,
        attendees=52,
        in_person=True,
        session_attendance=(0.95, 0.85),
        country_focus="lldc",
        host_country="PRY",
        host_share=0.22,
        sector_weights=(0.62, 0.08, 0.08, 0.06, 0.02, 0.10, 0.02, 0.02),
        topics=(
            "trade facilitation",
            "transit corridors",
            "institutional coordination",
            "SDG integration in national plans",
        ),
        planted=(
            Plant("registrations", "country", "Planet Earth"),
            Plant("registrations", "sector", "Self-employed"),
            Plant("survey", "country", "Planet Earth"),
        ),
        survey=SurveyPlan(
            responses=34,
            questions=LLDC_QUESTIONS,
            rating_style="labels",
            language="en",
            mood_weights=POSITIVE_MOOD,
            difficulty_rate=0.10,
        ),
    ),
    EventPlan(
        id="local-gov-forum-2023",
        title="2023 Global Forum on Local Governance and the SDGs",
        series="Local Governance Forum",
        format="hybrid",
        location="Bangkok, Thailand and online",
        organizers="UN DESA; UN-Habitat",
        languages="en;es;fr",
        sessions=(_session("", "2023-10-17", "09:00", "12:30"),),
        registrants=497,
        attendees=236,
        country_focus="global",
        host_country="THA",
        host_share=0.10,
        sector_weights=(0.22, 0.34, 0.14, 0.10, 0.05, 0.08, 0.03, 0.04),
        topics=(
            "SDG localization",
            "Voluntary Local Reviews",
            "participatory budgeting",
            "urban resilience",
            "multi-level governance",
        ),
        survey=SurveyPlan(
            responses=84,
            questions=LOCAL_GOV_QUESTIONS,
            rating_style="numbered",
            language="en",
            mood_weights=MIXED_MOOD,
            difficulty_rate=0.15,
        ),
    ),
)


# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    weight: float  # how often people from here register, before event focus
    name_pool: str
    ldc: bool
    lldc: bool
    sids: bool
    region: str


INCOME_WEIGHTS = {"Low": 3.0, "Lower middle": 3.0, "Upper middle": 2.0, "High": 0.6}
# Countries seldom seen on registration lists of such events.
PARTICIPATION_ADJUSTMENT = {"PRK": 0.05}


def load_countries(path: Path = COUNTRIES_CSV) -> list[Country]:
    """Return the independent countries of the M49 reference, in file order."""
    countries = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["independent"] != "Y" or not row["iso3"]:
                continue
            ldc, lldc, sids = (row[key] == "True" for key in ("ldc", "lldc", "sids"))
            weight = INCOME_WEIGHTS.get(row["wb_income_level"], 1.0)
            if ldc or lldc or sids:
                weight *= 1.6
            pool = NAME_POOL_OVERRIDES.get(row["iso3"]) or SUBREGION_NAME_POOLS.get(
                row["subregion"], "european"
            )
            countries.append(
                Country(row["iso3"], row["name"], weight, pool, ldc, lldc, sids, row["region"])
            )
    return countries


def focus_weight(plan: EventPlan, country: Country) -> float:
    """Weight of a country for an event, given its audience focus and host."""
    if country.iso3 == plan.host_country:
        return 1.0  # replaced by with_host_share
    weight = country.weight * PARTICIPATION_ADJUSTMENT.get(country.iso3, 1.0)
    focus = plan.country_focus
    if focus == "host":
        return 0.0
    if focus == "francophone":
        if country.iso3 not in FRANCOPHONE_ISO3:
            return 0.0
        return 0.3 if country.iso3 in ("FRA", "BEL", "CAN", "CHE") else weight
    if focus == "lldc":
        return weight if country.lldc else 0.0
    if focus == "sids":
        return weight * 10 if country.sids else weight * 0.3
    if focus == "asia_pacific":
        return weight * 4 if country.region in ("Asia", "Oceania") else weight
    return weight


def weighted_sample(
    rng: random.Random, items: Sequence[str], weights: Sequence[float], k: int
) -> list[str]:
    """Pick k distinct items, each draw weighted (sampling without replacement)."""
    pool = list(items)
    pool_weights = list(weights)
    picked = []
    for _ in range(k):
        (index,) = rng.choices(range(len(pool)), weights=pool_weights)
        picked.append(pool.pop(index))
        pool_weights.pop(index)
    return picked


def with_host_share(plan: EventPlan, weights: dict[str, float]) -> dict[str, float]:
    """Reweight so that the host country gets plan.host_share of the draws."""
    if plan.host_country not in weights:
        return weights
    others = sum(w for iso3, w in weights.items() if iso3 != plan.host_country)
    host = 1.0 if others == 0 else others * plan.host_share / (1 - plan.host_share)
    return {**weights, plan.host_country: host}


def assign_countries(
    rng: random.Random, plan: EventPlan, countries: list[Country]
) -> tuple[list[str], list[str]]:
    """Return one ISO3 per registrant, and the countries attendees must come from.

    For events with exact published figures the registrants cover exactly
    ``exact_countries`` countries and attendees exactly
    ``exact_attendee_countries`` of them; otherwise the list of attendee
    countries is empty (anyone may attend).
    """
    weights = {c.iso3: focus_weight(plan, c) for c in countries}
    candidates = [c.iso3 for c in countries if weights[c.iso3] > 0]
    if plan.exact_countries is None:
        # Real audiences are lumpy: a partner's network brings many people
        # from a few countries. A random popularity per country gives that.
        lumpy = {i: weights[i] * min(rng.lognormvariate(0, 0.8), 3.0) for i in candidates}
        with_host = with_host_share(plan, lumpy)
        drawn = rng.choices(list(with_host), weights=list(with_host.values()), k=plan.registrants)
        return drawn, []

    assert plan.exact_attendee_countries is not None
    rest = [i for i in candidates if i not in plan.forced_countries]
    chosen = list(plan.forced_countries) + weighted_sample(
        rng, rest, [weights[i] for i in rest], plan.exact_countries - len(plan.forced_countries)
    )
    rest = [i for i in chosen if i not in plan.forced_attendee_countries]
    attending = list(plan.forced_attendee_countries) + weighted_sample(
        rng,
        rest,
        [weights[i] for i in rest],
        plan.exact_attendee_countries - len(plan.forced_attendee_countries),
    )
    # Countries nobody attended from are the long tail: one to a few
    # registrants each. Everyone else comes from the attending countries.
    per_person = list(chosen)
    for iso3 in chosen:
        if iso3 not in attending:
            per_person += [iso3] * rng.choice((0, 0, 0, 1, 1, 2))
    remaining = plan.registrants - len(per_person)
    with_host = with_host_share(plan, {i: weights[i] for i in attending})
    per_person += rng.choices(list(with_host), weights=list(with_host.values()), k=remaining)
    rng.shuffle(per_person)
    return per_person, attending


def write_country(rng: random.Random, iso3: str, name: str) -> str:
    """How a registrant writes their country: mostly the M49 name."""
    draw = rng.random()
    if iso3 in COUNTRY_VARIANTS and draw < COUNTRY_VARIANT_RATE:
        return rng.choice(COUNTRY_VARIANTS[iso3])
    if draw > 1 - COUNTRY_ISO3_RATE:
        return iso3
    if draw > 1 - COUNTRY_ISO3_RATE - COUNTRY_CASE_RATE:
        return rng.choice((name.lower(), name.upper()))
    return name


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------


@dataclass
class Person:
    email: str
    first_name: str
    last_name: str
    iso3: str | None  # None when the written country is unrecognizable
    country: str
    sector: str  # canonical
    sector_written: str
    organization: str
    gender: str
    registered_at: datetime
    planted: bool = False
    sessions: list[str] = field(default_factory=list)


# Letters that Unicode does not decompose into an ASCII base letter.
UNDECOMPOSABLE_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "ß": "ss", "đ": "d"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters only: "Jean-Baptiste" -> "jeanbaptiste"."""
    folded = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE_LETTERS))
    folded = folded.encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if "a" <= ch <= "z")


def event_start(plan: EventPlan) -> datetime:
    first = plan.sessions[0]
    return datetime.combine(first.day, first.start)


def event_end(plan: EventPlan) -> datetime:
    last = plan.sessions[-1]
    return datetime.combine(last.day, last.end)


def make_people(
    rng: random.Random, plan: EventPlan, iso3s: list[str], countries: dict[str, Country]
) -> list[Person]:
    """Invent one registrant per ISO3 code, with a unique example.org e-mail."""
    if plan.exact_sectors:
        sectors = [s for s, n in plan.exact_sectors for _ in range(n)]
        rng.shuffle(sectors)
    else:
        sectors = rng.choices(CANONICAL_SECTORS, weights=plan.sector_weights, k=len(iso3s))
    opens = event_start(plan)
    used_emails: set[str] = set()
    people = []
    for iso3, sector in zip(iso3s, sectors, strict=True):
        country = countries[iso3]
        females, males, lasts = NAME_POOLS[country.name_pool]
        gender = rng.choice(GENDERS)
        first = rng.choice(females if gender == "Female" else males)
        last = rng.choice(lasts)
        while True:
            email = f"{ascii_slug(first)}.{ascii_slug(last)}{rng.randint(1, 99)}@example.org"
            if email not in used_emails:
                used_emails.add(email)
                break
        written_gender = rng.choices(
            (gender, "", "Prefer not to say", "Other"), weights=(88, 6, 4, 2)
        )[0]
        sector_written = sector
        if sector in SECTOR_VARIANTS and (
            sector in plan.always_variant_sectors or rng.random() < SECTOR_VARIANT_RATE
        ):
            sector_written = rng.choice(SECTOR_VARIANTS[sector])
        organizations = ORGANIZATIONS[sector]
        if iso3 == "KEN" and sector in KENYAN_ORGANIZATIONS:
            organizations = KENYAN_ORGANIZATIONS[sector]
        elif iso3 == "KOR" and sector in KOREAN_ORGANIZATIONS:
            organizations = KOREAN_ORGANIZATIONS[sector]
        organization = "" if rng.random() < 0.03 else rng.choice(organizations)
        # Most people register in the last two weeks; a few on the day itself.
        # The registration form opens REGISTRATION_OPENS_DAYS before.
        days_before = rng.expovariate(1 / 9)
        while days_before > REGISTRATION_OPENS_DAYS:
            days_before = rng.expovariate(1 / 9)
        registered_at = opens - timedelta(days=days_before, minutes=10)
        people.append(
            Person(
                email=email,
                first_name=first,
                last_name=last,
                iso3=iso3,
                country=write_country(rng, iso3, country.name),
                sector=sector,
                sector_written=sector_written,
                organization=organization,
                gender=written_gender,
                registered_at=registered_at.replace(microsecond=0),
            )
        )
    return people


def ensure_two_spellings(
    plan: EventPlan, people: list[Person], countries: dict[str, Country]
) -> None:
    """Make plan.two_spellings countries appear as M49 name and as a variant."""
    for iso3 in plan.two_spellings:
        name, variant = countries[iso3].name, COUNTRY_VARIANTS[iso3][0]
        from_there = [p for p in people if p.iso3 == iso3]
        assert len(from_there) >= 2, f"{plan.id}: too few registrants from {iso3}"
        if name not in {p.country for p in from_there}:
            from_there[0].country = name
        if not {p.country for p in from_there} & set(COUNTRY_VARIANTS[iso3]):
            from_there[-1].country = variant


def plant_registration_values(rng: random.Random, plan: EventPlan, people: list[Person]) -> None:
    """Overwrite a few registrants' country or sector with planted values."""
    for plant in plan.planted:
        if plant.file != "registrations":
            continue
        person = rng.choice([p for p in people if not p.planted])
        person.planted = True
        if plant.column == "country":
            person.country = plant.value
            person.iso3 = None
        else:
            person.sector_written = plant.value
            person.sector = "Other"


def choose_attendees(
    rng: random.Random, plan: EventPlan, people: list[Person], attending: list[str]
) -> list[Person]:
    """Pick who attended: exactly plan.attendees people (and countries)."""
    if not attending:
        return rng.sample(people, plan.attendees)
    chosen = []
    for iso3 in attending:
        chosen.append(rng.choice([p for p in people if p.iso3 == iso3]))
    others = [p for p in people if p.iso3 in attending and p not in chosen]
    chosen += rng.sample(others, plan.attendees - len(chosen))
    return chosen


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------

# The generic layouts, as surveydash.fields describes them (README's table).
REGISTRATION_HEADER = KIND_FIELDS["registrations"]
ATTENDANCE_HEADER = KIND_FIELDS["attendance"]
SURVEY_FIXED_HEADER = KIND_FIELDS["survey"]
EVENTS_HEADER = (
    "id",
    "title",
    "series",
    "start_date",
    "end_date",
    "format",
    "location",
    "organizers",
    "languages",
)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def messy_email(rng: random.Random, email: str) -> str:
    """The same address as typed differently: other case or stray spaces."""
    local, domain = email.split("@")
    return rng.choice(
        (
            ".".join(part.capitalize() for part in local.split(".")) + "@" + domain,
            local.upper() + "@" + domain,
            " " + email,
            email + " ",
            "  " + email + " ",
        )
    )


def registration_rows(rng: random.Random, people: list[Person], opens: datetime) -> list[list[str]]:
    """One row per registration, duplicates included, in order of arrival."""
    rows = [(p.registered_at, p, p.email, p.country) for p in people]
    duplicates = round(len(people) * DUPLICATE_REGISTRATION_RATE)
    # Planted values stay on exactly one row each, so that the data-quality
    # page shows the counts the README promises.
    for person in rng.sample([p for p in people if not p.planted], duplicates):
        # The second registration comes later, but before the event starts.
        again = person.registered_at + timedelta(seconds=rng.randint(600, 200_000))
        if again >= opens:
            again = person.registered_at + (opens - person.registered_at) / 2
        again = again.replace(microsecond=0)
        email = person.email if rng.random() < 0.4 else messy_email(rng, person.email).strip()
        country = person.country
        if person.iso3 is not None:
            country = write_country(rng, person.iso3, person.country)
        rows.append((again, person, email, country))
    rows.sort(key=lambda row: (row[0], row[2]))
    return [
        [
            email,
            p.first_name,
            p.last_name,
            country,
            p.sector_written,
            p.organization,
            p.gender,
            stamp(moment),
        ]
        for moment, p, email, country in rows
    ]


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes of a join, rounded up as Zoom reports them."""
    return max(1, math.ceil((end - start).total_seconds() / 60))


def virtual_joins(rng: random.Random, session: Session) -> list[tuple[datetime, datetime]]:
    """Join/leave pairs of one attendee in an online session.

    Nearly half of the attendees drop out and rejoin at least once.
    """
    start = datetime.combine(session.day, session.start)
    end = datetime.combine(session.day, session.end)
    arrival = start + timedelta(minutes=rng.triangular(-12, 40, -2), seconds=rng.randint(0, 59))
    if rng.random() < 0.62:
        departure = end + timedelta(minutes=rng.triangular(-6, 12, 2))
    else:
        stay = rng.uniform(12, max(15.0, (end - arrival).total_seconds() / 60 - 5))
        departure = arrival + timedelta(minutes=stay)
    departure += timedelta(seconds=rng.randint(0, 59))
    joins = rng.choices((1, 2, 3, 4), weights=(52, 27, 14, 7))[0]
    span = (departure - arrival).total_seconds()
    cuts = (
        sorted(rng.uniform(180, span - 180) for _ in range(joins - 1)) if span > 600 * joins else []
    )
    pairs = []
    current = arrival
    for cut in cuts:
        leave = arrival + timedelta(seconds=int(cut))
        if leave <= current + timedelta(minutes=2):
            continue
        pairs.append((current, leave))
        current = leave + timedelta(seconds=rng.randint(20, 360))
    pairs.append((current, departure))
    return pairs


def in_person_join(rng: random.Random, session: Session) -> tuple[datetime, datetime]:
    """Sign-in and sign-out of one participant on one workshop day."""
    start = datetime.combine(session.day, session.start)
    length = (datetime.combine(session.day, session.end) - start).total_seconds()
    arrival = start + timedelta(minutes=rng.triangular(-20, 40, -5), seconds=rng.randint(0, 59))
    minutes = round(rng.triangular(0.72, 1.0, 0.93) * length / 60)
    return arrival, arrival + timedelta(minutes=minutes)


def attended_sessions(rng: random.Random, plan: EventPlan) -> list[Session]:
    """Sessions one attendee joined: at least one."""
    if len(plan.sessions) == 1:
        return list(plan.sessions)
    while True:
        joined = [
            s
            for s, chance in zip(plan.sessions, plan.session_attendance, strict=True)
            if rng.random() < chance
        ]
        if joined:
            return joined


def attendance_rows(
    rng: random.Random, plan: EventPlan, attendees: list[Person]
) -> list[list[str]]:
    """One row per join, ordered by session then join time."""
    rows = []
    order = {s.name: n for n, s in enumerate(plan.sessions)}
    for person in attendees:
        for session in attended_sessions(rng, plan):
            person.sessions.append(session.name)
            if plan.in_person:
                pairs = [in_person_join(rng, session)]
            else:
                pairs = virtual_joins(rng, session)
            for joined, left in pairs:
                email = person.email
                if rng.random() < MESSY_ATTENDANCE_EMAIL_RATE:
                    email = messy_email(rng, email)
                rows.append((order[session.name], joined, email, left, session.name))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return [
        [email, stamp(joined), stamp(left), str(minutes_between(joined, left)), session]
        for _, joined, email, left, session in rows
    ]


def rating(plan: SurveyPlan, kind: str, level: int) -> str:
    if plan.rating_style == "numbers":
        return str(level)
    label = SCALE_LABELS[(kind, plan.language)][level - 1]
    if plan.rating_style == "numbered":
        return f"{level} - {label}"
    return label


def open_answer(rng: random.Random, plan: EventPlan, pool: str) -> str:
    """A short free-text answer, or blank as many respondents leave it."""
    if rng.random() < TEXT_BLANK_RATE[pool]:
        return ""
    pools = TEXT_POOLS_FR if plan.survey.language == "fr" else TEXT_POOLS_EN
    choices = KENYA_USEFUL if plan.survey.kenya_useful and pool == "useful" else pools[pool]
    if pool == "improve" and not plan.in_person:
        choices = choices + pools.get("improve_online", ())
    organizers = plan.organizers.replace("; ", " and ")

    def one() -> str:
        text = rng.choice(choices).format(topic=rng.choice(plan.topics), organizers=organizers)
        return text[0].upper() + text[1:]

    answer = one()
    if pool in ("useful", "improve") and rng.random() < 0.15:
        second = one()
        if second != answer:
            answer = f"{answer} {second}"
    return answer


def survey_respondents(
    rng: random.Random, plan: EventPlan, attendees: list[Person]
) -> list[tuple[Person, str]]:
    """Respondents with the sector they give in the survey."""
    pool = [p for p in attendees if not p.planted]
    rng.shuffle(pool)
    if not plan.survey.sector_quota:
        chosen = pool[: plan.survey.responses]
        return [(p, p.sector) for p in chosen]
    respondents = []
    for sector, count in plan.survey.sector_quota:
        for _ in range(count):
            matching = [p for p in pool if p.sector == sector] or pool
            person = matching[0]
            pool.remove(person)
            respondents.append((person, sector))
    return respondents


def survey_rows(rng: random.Random, plan: EventPlan, attendees: list[Person]) -> list[list[str]]:
    """One row per survey response, in order of submission."""
    survey = plan.survey
    closes = event_end(plan)
    rows = []
    for person, sector in survey_respondents(rng, plan, attendees):
        submitted = closes + timedelta(
            hours=min(rng.expovariate(1 / 30), 330), seconds=rng.randint(0, 3599)
        )
        email = "" if rng.random() < ANONYMOUS_RESPONSE_RATE else person.email
        sector_written = sector
        if not survey.sector_quota and sector in SECTOR_VARIANTS and rng.random() < 0.05:
            sector_written = rng.choice(SECTOR_VARIANTS[sector])
        assert person.iso3 is not None
        country = write_country(rng, person.iso3, person.country)
        gender = person.gender if rng.random() < 0.9 else ""
        mood = rng.choices((5, 4, 3, 2, 1), weights=survey.mood_weights)[0]
        answers = []
        for question in survey.questions:
            if question.kind == "yesno":
                yes, no = YES_NO[survey.language]
                answers.append(yes if rng.random() < survey.difficulty_rate else no)
            elif question.kind.startswith("text:"):
                answers.append(open_answer(rng, plan, question.kind[5:]))
            else:
                level = min(5, max(1, mood + rng.choice((-1, 0, 0, 0, 0, 1))))
                answers.append(rating(survey, question.kind, level))
        rows.append(
            [
                stamp(submitted.replace(microsecond=0)),
                email,
                sector_written,
                country,
                gender,
                *answers,
            ]
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    planted = [p for p in plan.planted if p.file == "survey"]
    for plant, row in zip(planted, rng.sample(rows, len(planted)), strict=True):
        row[SURVEY_FIXED_HEADER.index(plant.column)] = plant.value
    return rows


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFigures:
    """The true totals of one generated event, as the dashboard should show."""

    registrants: int
    registration_rows: int
    countries: int
    attendees: int
    attendee_countries: int
    join_rows: int
    responses: int
    identified_responses: int


@dataclass(frozen=True)
class GeneratedEvent:
    plan: EventPlan
    registrations: list[list[str]]
    attendance: list[list[str]]
    survey: list[list[str]]
    figures: EventFigures


def generate_event(plan: EventPlan, countries: list[Country]) -> GeneratedEvent:
    """Invent the registrations, attendance and survey of one event."""
    rng = random.Random(f"surveydash-demo/{plan.id}")
    by_iso3 = {c.iso3: c for c in countries}
    iso3s, attending = assign_countries(rng, plan, countries)
    people = make_people(rng, plan, iso3s, by_iso3)
    ensure_two_spellings(plan, people, by_iso3)
    plant_registration_values(rng, plan, people)
    attendees = choose_attendees(rng, plan, people, attending)
    registrations = registration_rows(rng, people, event_start(plan))
    attendance = attendance_rows(rng, plan, attendees)
    survey = survey_rows(rng, plan, attendees)
    figures = EventFigures(
        registrants=len(people),
        registration_rows=len(registrations),
        countries=len({p.iso3 for p in people if p.iso3}),
        attendees=len(attendees),
        attendee_countries=len({p.iso3 for p in attendees if p.iso3}),
        join_rows=len(attendance),
        responses=len(survey),
        identified_responses=sum(1 for row in survey if row[1]),
    )
    if plan.exact_countries is not None:
        assert figures.countries == plan.exact_countries, figures
        assert figures.attendee_countries == plan.exact_attendee_countries, figures
    return GeneratedEvent(plan, registrations, attendance, survey, figures)


def write_csv(path: Path, header: Sequence[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def event_row(plan: EventPlan) -> list[str]:
    return [
        plan.id,
        plan.title,
        plan.series,
        plan.start_date.isoformat(),
        plan.end_date.isoformat(),
        plan.format,
        plan.location,
        plan.organizers,
        plan.languages,
    ]


def rating_style_description(survey: SurveyPlan) -> str:
    """How the survey writes its best rating, e.g. "5 - Very satisfied"."""
    first = next(
        q.kind for q in survey.questions if q.kind in ("quality", "likelihood", "satisfaction")
    )
    if survey.rating_style == "numbers":
        return "numbers 1-5"
    return f"{survey.rating_style} ({rating(survey, first, 5)})"


def readme_text(events: list[GeneratedEvent]) -> str:
    """The README of the demo folder, listing the events and their true totals."""
    lines = [
        "# Demo data (SYNTHETIC)",
        "",
        "Every record in this folder is **synthetic**. The files are written by",
        "`python -m surveydash.demo_data` (a seeded generator: running it again",
        "gives byte-identical files; `tests/test_demo_data.py` checks this). Do not",
        "edit them by hand: change the generator and run it again.",
        "",
        "- Every name is invented from small lists of first and last names, and",
        "  every e-mail address is on example.org.",
        "- Two events are shaped on the published totals of real events:",
        "  krila-2022 (registrants, countries, attendees and the sectors of the",
        "  survey respondents) and kenya-partnership-2019. The other events are",
        "  plausible inventions. No answer, name or row comes from a real person.",
        "",
        "## Events",
        "",
        "Distinct people are counted by trimmed lower-case e-mail, countries by",
        "ISO3 code after mapping variants, leaving out unrecognizable values.",
        "",
        "| id | dates | format | registrants (rows) | countries | attendees "
        "(countries) | join rows | responses (with e-mail) | survey |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for event in events:
        plan, f = event.plan, event.figures
        dates = plan.start_date.isoformat()
        if plan.end_date != plan.start_date:
            dates += f" to {plan.end_date.isoformat()}"
        survey = f"{plan.survey.language}, {rating_style_description(plan.survey)}"
        lines.append(
            f"| {plan.id} | {dates} | {plan.format} | {f.registrants} "
            f"({f.registration_rows}) | {f.countries} | {f.attendees} "
            f"({f.attendee_countries}) | {f.join_rows} | {f.responses} "
            f"({f.identified_responses}) | {survey} |"
        )
    lines += [
        "",
        "## What is messy on purpose",
        "",
        "- About 2% of registrations are a second registration by the same",
        "  person, sometimes with the e-mail in another case.",
        "- Countries: mostly M49 names, with variants to map (Korea, Republic of;",
        "  South Korea; Turkey; Cote d'Ivoire; Vietnam; UK; USA; Lao PDR; Tanzania;",
        "  Congo, Democratic Republic of the; ISO3 codes such as KEN; names in",
        "  lower or upper case).",
        "- Sectors: mostly the canonical categories, with variants to map",
        "  (Academia, University, NGO, Ministry of Finance, Municipality,",
        "  Local/Regional Government, UN agency).",
        "- About 5% of attendance rows have the e-mail in another case or with",
        "  surrounding spaces. Many attendees have several join rows (dropped",
        "  connection); multi-day events name the session (Day 1, Session 1, ...).",
        "- Open answers contain commas, quotes and line breaks.",
        "- Values the data-quality page should surface:",
    ]
    for event in events:
        planted = Counter(event.plan.planted)
        for plant, times in planted.items():
            shown = f'"{plant.value}"' if plant.value else "blank"
            lines.append(
                f"  - {event.plan.id}, {plant.file}.csv: {shown} "
                f"{plant.column} ({times} row{'s' if times > 1 else ''})"
            )
    lines += [
        "",
        "## Survey questions",
        "",
    ]
    for event in events:
        lines.append(f"### {event.plan.id}")
        lines.append("")
        for n, question in enumerate(event.plan.survey.questions, start=1):
            lines.append(f"{n}. {question.text}")
        lines.append("")
    return "\n".join(lines)


def write_demo_files(out_dir: Path) -> list[Path]:
    """Write the demo events, their files and README into out_dir.

    Returns the paths written, in the order written.
    """
    countries = load_countries()
    events = [generate_event(plan, countries) for plan in EVENTS]
    written = [
        write_csv(out_dir / "events.csv", EVENTS_HEADER, [event_row(e.plan) for e in events])
    ]
    for event in events:
        folder = out_dir / event.plan.id
        questions = [q.text for q in event.plan.survey.questions]
        written += [
            write_csv(folder / "registrations.csv", REGISTRATION_HEADER, event.registrations),
            write_csv(folder / "attendance.csv", ATTENDANCE_HEADER, event.attendance),
            write_csv(folder / "survey.csv", [*SURVEY_FIXED_HEADER, *questions], event.survey),
        ]
    readme = out_dir / "README.md"
    readme.write_text(readme_text(events), encoding="utf-8", newline="\n")
    written.append(readme)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write the synthetic demo events used by surveydash."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help=f"folder to write into (default: {DEFAULT_OUT_DIR})",
    )
    args = parser.parse_args(argv)
    written = write_demo_files(args.out)
    print(f"Wrote {len(written)} files to {args.out}")


if __name__ == "__main__":
    main()
