"""Personal data: the one module that decides what in a file identifies a person, and keeps it out.

Every column of every file is judged by its header (in English, French and Spanish) and by its
values (most of them shaped like e-mail addresses, phone numbers or IP addresses). The e-mail
address keys the person and goes to `contacts` (the importer's e-mail field); names go to
`contacts` or nowhere; every other personal column is held back: it is not stored, and the
import report says so. An analyst can keep a column the rules misjudged, which the report then
says too. Inside the text that is stored (open answers, countries, organizations as written),
e-mail addresses and phone numbers are replaced before storage and counted.

The interface, small on purpose so that readers and the importer call it in one place each:
  classify_columns(headers, sample_values) -> {header: PersonalKind}
  scrub_text(text) -> (text, counts)           mask(text) -> text
  looks_like_registrations(headers) -> bool
  protect_staged(cursor, staged_kinds, file_name, ...) -> the held-back columns and counts
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum

import pandas as pd

from surveydash.tabular import FileRefused, Problem

EMAIL_REMOVED = "[e-mail removed]"
PHONE_REMOVED = "[phone removed]"
IP_REMOVED = "[IP address removed]"
NAME_REMOVED = "[name removed]"
# How many of a column's first non-blank values its content is judged by: enough for "most" to
# mean something, few enough to read at once from a file of any size.
SAMPLE_VALUES = 200
# "Most values": the share of a column's sample that must look like e-mail addresses, phone
# numbers or IP addresses for the column to be personal whatever its header says.
PERSONAL_SHARE = 0.5
# A header of more words than this, or ending in "?", is worded as a question: "Name one thing
# you learned" is not a name column unless its answers look like names.
PLAIN_HEADER_WORDS = 6


class PersonalKind(StrEnum):
    """What a personal column holds, in the words the import report uses."""

    EMAIL = "e-mail addresses"
    NAME = "names"
    PHONE = "phone numbers"
    IP_ADDRESS = "IP addresses"
    RESPONDENT_ID = "respondent identifiers"
    SOCIAL_HANDLE = "social media handles"
    CONTACT_DETAILS = "postal addresses or dates of birth"


# -- shapes of values --------------------------------------------------------------------------

# Local part, @, domain with a dot: what mail software accepts in practice.
_EMAIL_IN_TEXT = re.compile(
    r"[A-Za-z0-9._%+\-]+(?:'[A-Za-z0-9._%+\-]+)*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
_EMAIL_VALUE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# A run of digits with the separators phone numbers are written with; whether it is a phone
# number is decided by _is_phone (how many digits, not a date, not a range of years).
# An opening bracket may come before or after the "+": "(+975) 17-123-456", "+(975) ...".
_PHONE_CANDIDATE = re.compile(r"(?<![\w@.])\(?\+?\(?\d[\d ().\-/]{5,}\d(?![\w@])")
_DATE_LIKE = re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d(?:\s*[-/–]\s*(?:19|20)\d\d)+")
_IPV4 = re.compile(r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}")
# An IPv4 address inside text, not part of a longer run of digits and dots.
_IPV4_IN_TEXT = re.compile(r"(?<![\w.])" + _IPV4.pattern + r"(?!\.?\d)(?!\w)")
_HANDLE = re.compile(
    r"@[A-Za-z0-9_.]{2,30}|(?:https?://)?(?:www\.)?"
    r"(?:linkedin\.com|twitter\.com|x\.com|facebook\.com|instagram\.com)/\S+",
    re.IGNORECASE,
)
# A name as people write it: one to five words of letters (with apostrophes, hyphens, dots),
# each capitalized but for the particles of names ("Awa Diop", "Ludwig van Beethoven").
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:[ ,]+[^\W\d_][^\W\d_'’.\-]*){0,4}\.?")
_NAME_PARTICLES = {
    "de", "del", "della", "der", "di", "da", "das", "do", "dos", "du", "van", "von", "le", "la",
    "bin", "binti", "ibn", "al", "el", "y", "e", "ben", "ter", "ten",
}  # fmt: skip


def _name_shaped(value: str) -> bool:
    if len(value) > 60 or not _NAME_VALUE.fullmatch(value):
        return False
    words = re.split(r"[ ,]+", value.strip(" ,."))
    return all(w[:1].isupper() or w.casefold() in _NAME_PARTICLES for w in words)


def _is_phone(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    if not 8 <= digits <= 15:
        return False
    if _DATE_LIKE.search(text) or _YEAR_RANGE.fullmatch(text.strip(" ()")):
        return False
    # Nine digits or more, or a leading + or 0 (international or national prefix): a
    # decimal or a count is rarely written like that.
    stripped = text.strip(" (")
    return digits >= 9 or stripped.startswith(("+", "0"))


def _is_ipv6(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 6
    except ValueError:
        return False


def value_kind(value: str | None) -> PersonalKind | None:
    """What one cell holds when the whole cell is an e-mail address, phone number, IP address or
    social media handle; None otherwise."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if _EMAIL_VALUE.fullmatch(text):
        return PersonalKind.EMAIL
    if _IPV4.fullmatch(text) or (":" in text and _is_ipv6(text)):
        return PersonalKind.IP_ADDRESS
    if _PHONE_CANDIDATE.fullmatch(text) and _is_phone(text):
        return PersonalKind.PHONE
    if _HANDLE.fullmatch(text):
        return PersonalKind.SOCIAL_HANDLE
    return None


def content_kind(values: Iterable[str | None]) -> PersonalKind | None:
    """The personal kind most of the non-blank values have (PERSONAL_SHARE), if any."""
    kinds = Counter()
    total = 0
    for value in values:
        if value is None or not str(value).strip():
            continue
        total += 1
        kind = value_kind(value)
        if kind is not None:
            kinds[kind] += 1
    if not total:
        return None
    kind, count = max(kinds.items(), key=lambda item: item[1], default=(None, 0))
    return kind if count >= PERSONAL_SHARE * total else None


def _looks_like_names(values: Sequence[str]) -> bool:
    """Most values are a few words of letters, and differ from one another (answers chosen from
    a list, "Yes" or "France", repeat)."""
    filled = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not filled:
        return False
    shaped = sum(1 for v in filled if _name_shaped(v))
    distinct = len(set(filled)) / len(filled)
    return shaped >= PERSONAL_SHARE * len(filled) and (len(filled) < 5 or distinct >= 0.5)


# Headers that name a person without saying "name": "Participant", "Respondent", "Contact
# person". A column so headed is a name column when its values look like names ("Participant
# type", answered "Speaker" or "Guest", stays a question).
_PERSON_WORDS = {
    "participant", "participante", "participants", "respondent", "repondant", "encuestado",
    "attendee", "person", "personne", "persona", "speaker", "contact", "who",
}  # fmt: skip


def holds_names(
    header: str, values: Sequence[str | None], known_names: set[tuple[str, ...]] = frozenset()
) -> bool:
    """Whether a column the header rules let through holds people's names all the same: most
    of its values are the full names of people known to the event (`known_names`, see
    full_names), or its header is a person ("Participant") and its values look like names."""
    filled = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not filled:
        return False
    if known_names:
        known = sum(1 for value in filled if _name_words(value) in known_names)
        if known >= PERSONAL_SHARE * len(filled):
            return True
    words = set(header_words(header))
    return (
        bool(words & _PERSON_WORDS)
        and not words - _PERSON_WORDS - _LINKING_WORDS
        and (_looks_like_names(filled))
    )


def _mostly_numbers(values: Sequence[str]) -> bool:
    filled = [str(v).strip() for v in values if v is not None and str(v).strip()]
    numeric = sum(1 for v in filled if re.fullmatch(r"[\d.,\s]+", v))
    return bool(filled) and numeric >= PERSONAL_SHARE * len(filled)


# -- headers -----------------------------------------------------------------------------------


def header_words(header: str) -> list[str]:
    """'Adresse e-mail' -> ['adresse', 'email']: lower case, no accents, e-mail as one word."""
    decomposed = unicodedata.normalize("NFKD", header or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"\be[\s\-_.]?mail", "email", plain)
    plain = re.sub(r"\bi\.?p\.?\b", "ip", plain)
    return re.findall(r"[a-z0-9]+", plain)


_NAME_WORDS = {
    "name", "names", "fullname", "firstname", "lastname", "surname", "surnames", "forename",
    "givenname", "familyname", "username", "displayname", "nom", "noms", "prenom", "prenoms",
    "nombre", "nombres", "apellido", "apellidos", "nome", "sobrenome",
}  # fmt: skip
# Words that make a "name" header name something other than a person.
_NOT_A_PERSON = {
    "organization", "organisation", "organizacion", "organisme", "company", "institution",
    "institucion", "entreprise", "empresa", "employer", "event", "evento", "evenement",
    "session", "course", "cours", "curso", "country", "pays", "pais", "school", "ecole",
    "escuela", "ministry", "ministere", "ministerio", "agency", "agence", "agencia", "project",
    "projet", "proyecto", "program", "programme", "programa", "team", "equipe", "equipo",
    "department", "departement", "departamento", "unit", "city", "ville", "ciudad", "webinar",
    "meeting", "reunion", "product", "produit", "producto", "file", "fichier", "sector",
    "secteur", "tool", "outil", "herramienta", "group", "groupe", "grupo", "site", "sitio",
    "business", "office", "bureau", "oficina", "partner", "partenaire", "socio",
}  # fmt: skip
_EMAIL_WORDS = {"email", "emails", "courriel", "courriels", "correo", "correos", "mail"}
_PHONE_WORDS = {
    "phone", "telephone", "tel", "telefono", "telefone", "cellphone", "mobile", "celular",
    "movil", "whatsapp", "portable", "phonenumber", "fax",
}  # fmt: skip
_SOCIAL_WORDS = {
    "twitter", "linkedin", "facebook", "instagram", "handle", "tiktok", "telegram", "skype",
}  # fmt: skip
_ID = PersonalKind.RESPONDENT_ID
_IP = PersonalKind.IP_ADDRESS
_DETAILS = PersonalKind.CONTACT_DETAILS
# Phrases (runs of header words) and what a column they head holds, first match first: "IP
# address" before "address".
_PHRASES: tuple[tuple[tuple[str, ...], PersonalKind], ...] = (
    (("ip", "address"), _IP), (("adresse", "ip"), _IP), (("direccion", "ip"), _IP),
    (("ipaddr",), _IP), (("ip",), _IP),
    (("respondent", "id"), _ID), (("collector", "id"), _ID), (("response", "id"), _ID),
    (("reponse", "id"), _ID), (("respuesta", "id"), _ID), (("participant", "id"), _ID),
    (("registrant", "id"), _ID), (("attendee", "id"), _ID), (("user", "id"), _ID),
    (("submission", "id"), _ID), (("id", "de", "la", "reponse"), _ID),
    (("id", "de", "respuesta"), _ID), (("unique", "id"), _ID), (("token",), _ID),
    (("uuid",), _ID), (("id",), _ID),
    (("date", "of", "birth"), _DETAILS), (("date", "de", "naissance"), _DETAILS),
    (("fecha", "de", "nacimiento"), _DETAILS), (("birthdate",), _DETAILS),
    (("birthday",), _DETAILS), (("address",), _DETAILS), (("adresse",), _DETAILS),
    (("direccion", "postal"), _DETAILS), (("domicilio",), _DETAILS),
    (("postal", "code"), _DETAILS), (("postcode",), _DETAILS), (("zip",), _DETAILS),
    (("zip", "code"), _DETAILS), (("code", "postal"), _DETAILS),
    (("codigo", "postal"), _DETAILS), (("passport",), _DETAILS), (("passeport",), _DETAILS),
    (("pasaporte",), _DETAILS),
)  # fmt: skip


def _phrase_kind(words: list[str]) -> PersonalKind | None:
    joined = " " + " ".join(words) + " "
    for phrase, kind in _PHRASES:
        if f" {' '.join(phrase)} " in joined:
            return kind
    return None


def header_kind(header: str) -> PersonalKind | None:
    """What a header says its column holds, when that is personal data; None otherwise."""
    words = header_words(header)
    if not words:
        return None
    present = set(words)
    if present & _EMAIL_WORDS or {"emailaddress", "electronique", "electronico"} & present:
        return PersonalKind.EMAIL
    phrased = _phrase_kind(words)
    if phrased is not None:
        return phrased
    if present & _PHONE_WORDS:
        return PersonalKind.PHONE
    if present & _SOCIAL_WORDS:
        return PersonalKind.SOCIAL_HANDLE
    if present & _NAME_WORDS and not present & _NOT_A_PERSON:
        # French "nombre de participants" is a number, not a name.
        if "nombre" in present and {"de", "d"} & present and words.index("nombre") == 0:
            return None
        return PersonalKind.NAME
    return None


def _worded_as_question(header: str) -> bool:
    return header.strip().endswith("?") or len(header_words(header)) > PLAIN_HEADER_WORDS


def classify_column(header: str, sample_values: Sequence[str | None]) -> PersonalKind | None:
    """Whether one column is personal data, from its header and its first values.

    Values decide first: a column most of whose values are e-mail addresses, phone numbers or
    IP addresses is personal whatever its header. Otherwise the header decides, unless it is
    worded as a question and the values say otherwise ("Name one thing you learned", answered
    in sentences; "Did you get our e-mail?", answered yes or no)."""
    values = [v for v in sample_values if v is not None and str(v).strip()]
    by_content = content_kind(values)
    if by_content is not None:
        return by_content
    by_header = header_kind(header)
    if by_header is None:
        return None
    if by_header == PersonalKind.NAME and values and _mostly_numbers(values):
        return None
    if not _worded_as_question(header) or not values:
        return by_header
    if by_header == PersonalKind.NAME and _looks_like_names(values):
        return by_header
    return None


def classify_columns(
    headers: Sequence[str], sample_values: dict[str, Sequence[str | None]]
) -> dict[str, PersonalKind]:
    """The personal columns among `headers`: header -> what it holds. `sample_values` gives
    each header's first values (SAMPLE_VALUES are enough)."""
    found = {}
    for header in headers:
        kind = classify_column(header, sample_values.get(header, ()))
        if kind is not None:
            found[header] = kind
    return found


# -- registration lists that say they are surveys ---------------------------------------------

# Headers a registration form asks (besides the person's name and address), word by word.
_REGISTRATION_WORDS = {
    "country", "countries", "pays", "pais", "region", "nationality", "nationalite",
    "nacionalidad", "residence", "organization", "organisation", "organizacion", "organisme",
    "institution", "institucion", "company", "entreprise", "empresa", "employer", "affiliation",
    "sector", "secteur", "type", "tipo", "kind", "gender", "sex", "sexe", "genre", "genero",
    "sexo", "registration", "registered", "inscription", "inscrit", "registro", "inscripcion",
    "date", "fecha", "time", "heure", "hora", "job", "title", "titre", "titulo", "position",
    "poste", "cargo", "fonction", "funcion", "role", "city", "ville", "ciudad", "ministry",
    "agency", "department", "age", "language", "langue", "idioma", "category", "categorie",
    "categoria", "industry", "ticket", "order", "status", "statut", "estado", "source",
}  # fmt: skip
_LINKING_WORDS = {
    "of", "de", "d", "du", "des", "la", "le", "les", "l", "del", "your", "votre", "su", "the",
    "and", "et", "y", "or", "ou", "o", "at", "a", "en", "in", "name", "nom", "nombre",
}  # fmt: skip


def looks_like_registrations(headers: Sequence[str], personal: dict[str, PersonalKind]) -> bool:
    """True when a file's columns are a registration list's: a person's e-mail or name, and
    otherwise only what registration forms ask (country, organization and its type, gender,
    dates), with no header worded like a question."""
    has_person = any(k in (PersonalKind.EMAIL, PersonalKind.NAME) for k in personal.values())
    if not has_person:
        return False
    others = [h for h in headers if h not in personal and h.strip()]
    if not others:
        return False
    for header in others:
        words = set(header_words(header))
        unexpected = words - _REGISTRATION_WORDS - _LINKING_WORDS
        if header.strip().endswith("?") or not words or unexpected:
            return False
    return True


# -- text ----------------------------------------------------------------------------------------


def scrub_text(text: str | None) -> tuple[str | None, Counter]:
    """The text with every e-mail address, IPv4 address and phone number in it replaced by
    "[e-mail removed]", "[IP address removed]" and "[phone removed]", and how many of each were
    replaced."""
    counts: Counter = Counter()
    if not text:
        return text, counts

    def remove_email(found: re.Match) -> str:
        counts["e-mail addresses"] += 1
        return EMAIL_REMOVED

    def remove_phone(found: re.Match) -> str:
        if not _is_phone(found.group(0)):
            return found.group(0)
        counts["phone numbers"] += 1
        return PHONE_REMOVED

    def remove_ip(found: re.Match) -> str:
        counts["IP addresses"] += 1
        return IP_REMOVED

    scrubbed = _EMAIL_IN_TEXT.sub(remove_email, text)
    # Before phone numbers: "203.0.113.7" has the digits of one.
    scrubbed = _IPV4_IN_TEXT.sub(remove_ip, scrubbed)
    scrubbed = _PHONE_CANDIDATE.sub(remove_phone, scrubbed)
    return scrubbed, counts


def mask(text) -> str:
    """Text for a page or a message: e-mail addresses and phone numbers masked (a message that
    quotes a cell quotes it masked)."""
    if text is None:
        return ""
    return scrub_text(str(text))[0] or ""


HIDDEN = "(hidden)"


def mask_cell(value, personal: bool) -> str:
    """One cell of a preview: hidden whole when its column is personal, else masked."""
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return ""
    return HIDDEN if personal else mask(value)


# -- the import's hook -------------------------------------------------------------------------


class KindMismatch(FileRefused):
    """A file whose columns are a registration list's, staged as a survey: the analyst must
    say it is one (ImportOptions.kind_confirmed) or import it as registrations."""


# Staged fields whose text is stored as written (so scrubbed first). The e-mail and names go to
# contacts; dates and minutes are parsed, never stored as text.
_STORED_TEXT_FIELDS = ("country", "sector", "organization", "gender", "session")
# A cheap first pass in DuckDB: only values with an @ or a run of digits are looked at again.
_CANDIDATE_SQL = r"(contains({c}, '@') or regexp_matches({c}, '[0-9][0-9 ().\-/]{{5,}}[0-9]'))"


# The rows a column's sample is taken from: its first SAMPLE_VALUES non-blank values among
# them. Bounded, so that sampling costs the same for a file of any length.
SAMPLE_ROWS = 20_000


def _samples(cursor, table: str, columns: list[str]) -> dict[str, list[str]]:
    """Each column's first SAMPLE_VALUES non-blank values, in one query whatever the number
    of columns (a query per column costs as much as the table is wide: a 1,500-question
    survey took minutes)."""
    samples: dict[str, list[str]] = {column: [] for column in columns}
    if not columns:
        return samples
    quoted = ", ".join(_quote(c) for c in columns)
    for name, value in cursor.execute(
        f"select name, value from (unpivot (select {quoted} from {table} limit {SAMPLE_ROWS}) "
        f"on {quoted} into name name value value) where trim(value) <> ''"
    ).fetchall():
        if len(samples[name]) < SAMPLE_VALUES:
            samples[name].append(value)
    return samples


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def protect_staged(
    cursor,
    staged_kinds: list,
    file_name: str,
    *,
    keep: Iterable[str] = (),
    kind_confirmed: bool = False,
    file_headers: Sequence[str | None] = (),
    known_people: Iterable[Sequence[str | None]] = (),
) -> dict[str, dict]:
    """The importer's hook, between staging and checking: for each staged kind, hold back its
    personal question columns (unless the analyst keeps them: `keep`), refuse a registration
    list staged as a survey unless `kind_confirmed`, and replace the e-mail addresses and phone
    numbers inside the text that will be stored. Changes the staged kinds in place (their
    question columns, column map and table) and returns, by kind, what it did (`file_headers`,
    the file's header row, names the personal columns a registration or attendance layout
    leaves out, so that the report lists them too):
    {'held_back': {header: what}, 'kept_by_analyst': {header: what}, 'scrubbed': {what: n}}.

    Full names are removed from open answers when the file gives them (its name columns, those
    a reader left out included: StagedKind.person_names) and, written with capitals, when they
    are `known_people` (first and last names of the event's registrants and attendees, see
    event_people)."""
    keep = set(keep)
    known_names = full_names(known_people)
    outcome = {}
    for staged in staged_kinds:
        samples = _samples(cursor, staged.table, staged.question_columns)
        personal = classify_columns(staged.question_columns, samples)
        for header in staged.question_columns:
            if header not in personal and holds_names(header, samples[header], known_names):
                personal[header] = PersonalKind.NAME
        if staged.kind == "survey" and not kind_confirmed:
            every_header = list(staged.column_map)
            by_header = {h: k for h in every_header if (k := header_kind(h)) is not None}
            file_personal = {**by_header, **personal}
            for header, field_name in staged.column_map.items():
                if field_name == "email":
                    file_personal[header] = PersonalKind.EMAIL
            if looks_like_registrations(every_header, file_personal):
                raise KindMismatch(
                    file_name,
                    [
                        Problem(
                            "its columns are a registration list's (a person's e-mail or name, "
                            f"and {', '.join(h for h in every_header if h not in file_personal)}"
                            "; no questions), not a survey's: import it as registrations "
                            "(--kind registrations), or confirm on the Upload page that it is "
                            "a survey"
                        )
                    ],
                )
        held_back = {h: str(k) for h, k in personal.items() if h not in keep}
        if staged.kind != "survey":
            held_back.update(_left_out_by_layout(staged.column_map, file_headers))
        kept = {h: str(k) for h, k in personal.items() if h in keep}
        if held_back:
            staged.question_columns = [h for h in staged.question_columns if h not in held_back]
            for header in held_back:
                staged.column_map[header] = "personal"
        name_columns = [h for h, k in personal.items() if k == PersonalKind.NAME and h not in keep]
        name_columns += [f for f in ("first_name", "last_name") if f in staged.fields]
        # Names are looked for in open answers only: without questions there are none.
        names, capitalized = set(), set()
        if staged.question_columns:
            names = _names_in_file(cursor, staged.table, name_columns)
            names |= full_names(staged.person_names)
            capitalized = known_names - names
        scrubbed = _scrub_staged(cursor, staged, names, capitalized)
        outcome[staged.kind] = {
            "held_back": held_back,
            "kept_by_analyst": kept,
            "scrubbed": dict(scrubbed),
        }
    return outcome


def _name_words(text: str) -> tuple[str, ...]:
    """'Awa Diop's notes' -> ('awa', 'diop', 'notes'): a possessive is no part of a name."""
    words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", text.casefold())
    return tuple(re.sub(r"['’]s$", "", word) for word in words)


def event_people(cursor, event_id: str) -> list[tuple[str | None, str | None]]:
    """The first and last names `contacts` holds for the people registered for or attending
    the event: the names its survey's open answers may mention."""
    # The importer's own read of contacts (no page asks this question): kept beside the one
    # rule that uses it rather than in queries/, which holds the dashboard's questions.
    return cursor.execute(
        """
        select c.first_name, c.last_name
        from contacts c
        where (c.first_name is not null or c.last_name is not null)
            and c.participant_id in (
                select participant_id from registrations where event_id = $event_id
                union
                select participant_id from attendance where event_id = $event_id
            )
        """,
        {"event_id": event_id},
    ).fetchall()


def full_names(rows: Iterable[Sequence[str | None]]) -> set[tuple[str, ...]]:
    """The full names in rows of name cells (first and last name together, or a full name), as
    lower-case word sequences, either way round: what scrub_names removes from text."""
    names = set()
    for values in rows:
        words = [w for value in values if value for w in _name_words(value)]
        for sequence in (tuple(words), *(_name_words(v) for v in values if v)):
            if 2 <= len(sequence) <= NAME_MAX_WORDS:
                names.add(sequence)
                names.add(sequence[::-1])  # "Diop Awa", as lists of names are often written
    return names


def _names_in_file(cursor, table: str, name_columns: list[str]) -> set[tuple[str, ...]]:
    """The full names a staged file gives in its own name columns."""
    if not name_columns:
        return set()
    quoted = ", ".join(_quote(c) for c in name_columns)
    return full_names(cursor.execute(f"select distinct {quoted} from {table}").fetchall())


# The longest full name removed from open answers, in words.
NAME_MAX_WORDS = 5


def scrub_names(
    text: str | None,
    names: set[tuple[str, ...]],
    capitalized: set[tuple[str, ...]] = frozenset(),
) -> tuple[str | None, int]:
    """The text with each of `names` (word sequences, see full_names) written in it replaced
    by "[name removed]", and how many were. `capitalized` names are replaced only where each
    word is written with a capital ("Thanks to Grace Hope", not "grace and hope"): names known
    from elsewhere than the file itself, which may be common words."""
    if not text or not (names or capitalized):
        return text, 0
    words = _name_words(text)
    found = {
        words[start : start + size]
        for size in range(2, NAME_MAX_WORDS + 1)
        for start in range(len(words) - size + 1)
        if words[start : start + size] in names or words[start : start + size] in capitalized
    }
    count = 0
    for name in sorted(found, key=len, reverse=True):
        pattern = r"(?<![\w])" + r"[\s,]+".join(re.escape(w) for w in name) + r"(?![\w])"
        any_case = name in names

        def replace(match: re.Match, any_case=any_case) -> str:
            nonlocal count
            if not any_case and not all(
                word[:1].isupper() or word.casefold() in _NAME_PARTICLES
                for word in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", match.group(0))
            ):
                return match.group(0)
            count += 1
            return NAME_REMOVED

        text = re.sub(pattern, replace, text, flags=re.IGNORECASE)
    return text, count


def _left_out_by_layout(column_map: dict[str, str], file_headers) -> dict[str, str]:
    """The personal columns of a file that its layout does not read (a phone number, a full
    name next to first and last names), judged by header: what the report lists as held back."""
    headers = [h for h in file_headers if h]
    if not set(column_map) <= set(headers):
        headers = []  # the first row is a preamble (Zoom), not the header: the map has them
    read = {h for h, f in column_map.items() if f not in ("ignored", "ignore")}
    left_out = {}
    for header in dict.fromkeys([*column_map, *headers]):
        kind = header_kind(header) if header not in read else None
        if kind is not None:
            left_out[header] = str(kind)
    return left_out


# Up to this many columns, each column's distinct values are counted by a scan of that column
# alone (a million-row registration export's four text columns: 0.07 s, against 0.37 s for
# unpivoting them first); a wider survey is unpivoted (one scan whatever its width).
COLUMNS_COUNTED_ONE_BY_ONE = 40


def _literal(text: str) -> str:
    """A SQL string literal of `text` (a header as a value: headers may hold quotes)."""
    return "'" + text.replace("'", "''") + "'"


def _distinct_candidates(cursor, table: str, columns: list[str], with_names: list[str]):
    """(column, value, rows) for each distinct value of `columns` that may hold an e-mail or
    a phone number, and for every distinct value of the `with_names` columns. All columns in
    one query: a query per column costs as much as the table is wide. Each distinct value is
    counted once (a million rows hold a few hundred countries), then looked at."""
    if not columns:
        return []
    candidate = _CANDIDATE_SQL.format(c="value")
    if len(columns) <= COLUMNS_COUNTED_ONE_BY_ONE:
        counted = " union all ".join(
            f"select * from (select {_literal(column)} as column_name, "
            f"{_quote(column)} as value, count(*) as n from {table} "
            f"where {_quote(column)} is not null group by all) "
            f"where {'true' if column in with_names else candidate}"
            for column in columns
        )
        return cursor.execute(counted).fetchall()
    quoted = ", ".join(_quote(c) for c in columns)
    return cursor.execute(
        f"with counted as materialized (select column_name, value, count(*) as n from "
        f"(unpivot (select {quoted} from {table}) on {quoted} into name column_name value value) "
        f"group by all) select * from counted "
        f"where list_contains($with_names::varchar[], column_name) or {candidate}",
        {"with_names": with_names},
    ).fetchall()


def _scrub_staged(
    cursor,
    staged,
    names: set[tuple[str, ...]] = frozenset(),
    capitalized: set[tuple[str, ...]] = frozenset(),
) -> Counter:
    """Replace e-mail addresses and phone numbers inside the staged text that will be stored,
    and the names the file gives inside its open answers: each distinct value is scrubbed once,
    and the staged table is rebuilt only when some value changed (most files: never)."""
    columns = [f for f in staged.fields if f in _STORED_TEXT_FIELDS]
    columns += staged.question_columns
    # Every value of the columns that names are looked for in (a survey's: its answers, and
    # the country or sector typed in the wrong cell); else only the candidates.
    with_names = columns if names or capitalized else []
    counts: Counter = Counter()
    replacements = []
    found_values = _distinct_candidates(cursor, staged.table, columns, with_names)
    for column, raw, rows in found_values:
        scrubbed, found = scrub_text(raw)
        scrubbed, named = scrub_names(scrubbed, names, capitalized)
        if named:
            found["names"] += named
        if scrubbed != raw:
            replacements.append((column, raw, scrubbed))
            for what, number in found.items():
                counts[what] += number * rows
    if not replacements:
        return counts
    frame = pd.DataFrame(replacements, columns=["column_name", "raw", "scrubbed"]).astype(object)
    cursor.register("scrub_map_frame", frame)
    cursor.execute("create or replace temp table scrub_map as select * from scrub_map_frame")
    cursor.unregister("scrub_map_frame")
    changed = {column for column, _, _ in replacements}
    selected, joins = ["t._row"], []
    kept = [*[f for f in staged.fields], *staged.question_columns]
    for index, column in enumerate(kept):
        quoted = _quote(column)
        if column in changed:
            alias = f"m{index}"
            joins.append(
                f"left join (select raw, scrubbed from scrub_map where column_name = "
                f"{_literal(column)}) {alias} on {alias}.raw = t.{quoted}"
            )
            selected.append(f"coalesce({alias}.scrubbed, t.{quoted}) as {quoted}")
        else:
            selected.append(f"t.{quoted}")
    table = f"{staged.table}_scrubbed"
    cursor.execute(
        f"create or replace temp table {table} as select {', '.join(selected)} "
        f"from {staged.table} t {' '.join(joins)} order by t._row"
    )
    staged.table = table
    return counts
