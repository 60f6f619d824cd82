"""Layouts found in real exports published in public repositories (listed, with what the readers
did before and after, in tests/fixtures/REAL_LAYOUTS.md): each replayed here as a synthetic file
with the same header, shapes, date styles and odd rows, invented example.org people. Each test
imports the file with no source and no kind, as a user would, and asserts the figures that come
out and that no name, e-mail or IP address lands anywhere but `contacts`."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveydash.analytics import event_summary, query, records
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

EVENT = "forum-2022"


def imported(db, path, **options):
    return import_file(db, path, EVENT, ImportOptions(**options))


def kinds_of(result) -> dict[str, str]:
    return {q["text"]: q["kind"] for report in result.kinds for q in report.questions}


def report_of(result, kind: str):
    return next(report for report in result.kinds if report.kind == kind)


def headline(db) -> dict:
    return records(query(db, "event_headline", event_id=EVENT))[0]


def stored_outside_contacts(db, needles: list[str]) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a text column of a table other than `contacts` (and
    the reference lists shipped with the app: countries, sectors) holds one of `needles` (a
    name, an address, an IP), compared in lower case."""
    cursor = db.cursor()
    columns = cursor.execute(
        "select c.table_name, c.column_name from duckdb_columns() c "
        "join duckdb_tables() t on t.table_name = c.table_name and t.schema_name = c.schema_name "
        "where c.schema_name = 'main' and c.table_name not in ('contacts', "
        "'countries', 'country_aliases', 'sector_aliases', 'ldc_graduations') "
        "and c.data_type in ('VARCHAR', 'JSON')"
    ).fetchall()
    found = []
    for table, column in columns:
        for needle in needles:
            hits = cursor.execute(
                f'select count(*) from "{table}" where lower("{column}") like ?',
                [f"%{needle.lower()}%"],
            ).fetchone()[0]
            if hits:
                found.append((table, column, needle))
    return found


# -- Zoom meeting participants reports -----------------------------------------------------------

# Lightbridge-KS/zoomclass inst/extdata/participants_heroes_full.csv: the meeting's summary row
# (its User Email is the host's), a line of commas, then one row per join; Guest is "Yes" for
# people who joined with an address from outside the account; the host is listed too.
ZOOM_SUMMARY_AND_JOINS = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "81234567890,Budget clinic,09/06/2022 10:00:00 AM,09/06/2022 12:00:00 PM,"
    "host.person@example.org,120,4\n"
    ",,,,,,\n"
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
    "Recording Consent\n"
    "001_Ann One (Ann Q. One),ann.one@example.org,09/06/2022 9:54:15 AM,"
    "09/06/2022 12:01:59 PM,128,Yes,Y\n"
    "002_Bo Two,bo.two@example.org,09/06/2022 10:07:44 AM,09/06/2022 12:01:58 PM,115,Yes,Y\n"
    "Host Person,host.person@example.org,09/06/2022 9:50:00 AM,09/06/2022 12:02:00 PM,"
    "132,No,Y\n"
    "003_Cy Three,cy.three@example.org,09/06/2022 10:08:10 AM,09/06/2022 10:17:18 AM,10,No,NA\n"
    "002_Bo Two,bo.two@example.org,09/06/2022 12:02:00 PM,09/06/2022 12:10:00 PM,8,Yes,NA\n"
)


def test_zoom_participants_report_with_its_meeting_summary(event_db, tmp_path):
    result = imported(
        event_db, write_csv(tmp_path / "participants_812.csv", ZOOM_SUMMARY_AND_JOINS)
    )
    assert result.source == "zoom-meeting"
    attendance = report_of(result, "attendance")
    assert attendance.excluded == {"the meeting host, not a participant": 1}
    assert (attendance.rows_imported, attendance.people) == (4, 3)
    assert headline(event_db)["attendees"] == 3
    minutes = event_db.cursor().execute("select sum(minutes) from attendance").fetchone()[0]
    assert minutes == 128 + 115 + 10 + 8
    assert (
        stored_outside_contacts(
            event_db, ["Ann One", "Bo Two", "ann.one@example.org", "host.person@example.org"]
        )
        == []
    )


# microsoft/vivainsights_zoom_int Admin/input/zoom_reports/README.md: an admin's usage report
# exported with its participants, the meeting's columns (host name and User Email) repeated in
# every row before the participant's own, so `User Email` and `Duration (Minutes)` come twice;
# day-first dates.
ZOOM_MEETING_IN_EVERY_ROW = (
    "Topic,Meeting ID,User Name,User Email,Department,Group,Has Zoom Rooms,Creation Time,"
    "Start Time,End Time,Duration (Minutes),Participants,Name (Original Name),User Email,"
    "Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room,"
    "Marketing Opt-In\n"
    "Budget clinic,852 1848 6288,Host Person,host.person@example.org,Finance,ABC-Org,No,"
    "15/08/2022 01:27,13/09/2022 09:00,13/09/2022 10:21,81,3,Ann One,ann.one@example.org,"
    "13/09/2022 09:00,13/09/2022 10:21,81,No,,No,-\n"
    "Budget clinic,852 1848 6288,Host Person,host.person@example.org,Finance,ABC-Org,No,"
    "15/08/2022 01:27,13/09/2022 09:00,13/09/2022 10:21,81,3,Bo Two,bo.two@example.org,"
    "13/09/2022 09:05,13/09/2022 10:00,55,No,,No,-\n"
    "Budget clinic,852 1848 6288,Host Person,host.person@example.org,Finance,ABC-Org,No,"
    "15/08/2022 01:27,13/09/2022 09:00,13/09/2022 10:21,81,3,Host Person,"
    "host.person@example.org,13/09/2022 08:58,13/09/2022 10:21,83,No,,No,-\n"
)


def test_zoom_usage_report_with_the_meeting_in_every_row(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "usage.csv", ZOOM_MEETING_IN_EVERY_ROW))
    assert result.source == "zoom-meeting"
    attendance = report_of(result, "attendance")
    assert attendance.excluded == {"the meeting host, not a participant": 1}
    assert headline(event_db)["attendees"] == 2
    stored = (
        event_db.cursor()
        .execute("select strftime(join_time, '%Y-%m-%d %H:%M'), minutes from attendance order by 1")
        .fetchall()
    )
    # The participant's columns, not the meeting's: 81 and 55 minutes, 13 September.
    assert stored == [("2022-09-13 09:00", 81.0), ("2022-09-13 09:05", 55.0)]
    assert (
        stored_outside_contacts(event_db, ["Ann One", "ann.one@example.org", "Host Person"]) == []
    )


# Italian accounts, current reports. A test file of a normalizer in a public repository
# (`Argomento,Digita,ID,Nome organizzatore,E-mail organizzatore,...`): the meeting in every row,
# its host named by `E-mail organizzatore` and listed as "(Host)".
ZOOM_ITALIAN_MEETING_IN_EVERY_ROW = (
    "Argomento,Digita,ID,Nome organizzatore,E-mail organizzatore,Ora di inizio,Ora di fine,"
    "Partecipanti,Durata (minuti),Minuti totali dei partecipanti,Reparto,Gruppo,Origine,"
    "Visualizzatori unici,Max visualizzazioni simultanee,Ora di creazione,"
    "Nome (nome originale),E-mail,Ora di ingresso,Ora di uscita,Durata (minuti),Guest,"
    "Risposta di esclusione di responsabilità per la registrazione,In sala d’attesa\n"
    "BIAS,Riunione,896 1053 4856,Ospite Organizzatore,organizzatore@example.org,"
    "09/06/2022 06:54:02 PM,09/06/2022 08:37:29 PM,3,104,620,,,Zoom,-,-,"
    "08/12/2022 07:00:59 PM,Ospite Organizzatore (Host),organizzatore@example.org,"
    "09/06/2022 06:58:59 PM,09/06/2022 08:01:46 PM,63,No,,No\n"
    "BIAS,Riunione,896 1053 4856,Ospite Organizzatore,organizzatore@example.org,"
    "09/06/2022 06:54:02 PM,09/06/2022 08:37:29 PM,3,104,620,,,Zoom,-,-,"
    "08/12/2022 07:00:59 PM,Anna Uno,anna.uno@example.org,"
    "09/06/2022 07:00:59 PM,09/06/2022 08:30:46 PM,90,No,OK,No\n"
    "BIAS,Riunione,896 1053 4856,Ospite Organizzatore,organizzatore@example.org,"
    "09/06/2022 06:54:02 PM,09/06/2022 08:37:29 PM,3,104,620,,,Zoom,-,-,"
    "08/12/2022 07:00:59 PM,Bruno Due,bruno.due@example.org,"
    "09/06/2022 07:10:59 PM,09/06/2022 08:37:29 PM,87,Sì,OK,No\n"
)
# The two-part Italian report (its README: `Argomento,ID,Organizzatore,...` then
# `Nome (nome originale),E-mail,Ora di ingresso,...`), with a waiting-room row ("Sì").
ZOOM_ITALIAN_TWO_PARTS = (
    "Argomento,ID,Organizzatore,Durata (minuti),Ora di inizio,Ora di fine,Partecipanti\n"
    'Laboratorio,7430864126,Ospite Organizzatore,244,"09/06/2022 08:57:00 AM",'
    '"09/06/2022 01:00:26 PM",3\n'
    "\n"
    "Nome (nome originale),E-mail,Ora di ingresso,Ora di uscita,Durata (minuti),Guest,"
    "Risposta di esclusione di responsabilità per la registrazione,In sala d’attesa\n"
    'Anna Uno,anna.uno@example.org,"09/06/2022 09:02:37 AM","09/06/2022 12:07:54 PM",185,'
    "No,OK,No\n"
    'Bruno Due,bruno.due@example.org,"09/06/2022 09:00:37 AM","09/06/2022 09:05:37 AM",5,'
    "Sì,,Sì\n"
    'Bruno Due,bruno.due@example.org,"09/06/2022 09:05:37 AM","09/06/2022 12:00:54 PM",175,'
    "Sì,OK,No\n"
)
# Spanish accounts: the older wording a PHP importer searches for (`E-mail del usuario,Hora
# para unirse,Hora para salir`), and the current one (`Correo electrónico,Hora de entrada,...,
# Invitado,...,En sala de espera`) listed by a Python pipeline's configuration.
ZOOM_SPANISH_OLDER = (
    "Nombre (nombre original),E-mail del usuario,Hora para unirse,Hora para salir,"
    "Duración (minutos)\n"
    "Ana Uno,ana.uno@example.org,06/09/2022 09:54:15 AM,06/09/2022 12:01:59 PM,128\n"
    "Beto Dos,beto.dos@example.org,06/09/2022 10:07:44 AM,06/09/2022 12:01:58 PM,115\n"
    "Ana Uno,ana.uno@example.org,13/09/2022 10:07:44 AM,13/09/2022 10:11:58 AM,4\n"
)
ZOOM_SPANISH_CURRENT = (
    "Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,"
    "Duración (minutos),Invitado,Respuesta al descargo de responsabilidad relativa a la "
    "grabación,En sala de espera\n"
    "Ana Uno,ana.uno@example.org,09/06/2022 09:50:15 AM,09/06/2022 09:54:15 AM,4,No,,Sí\n"
    "Ana Uno,ana.uno@example.org,09/06/2022 09:54:15 AM,09/06/2022 12:01:59 PM,128,No,"
    "Acepto,No\n"
    "Beto Dos,beto.dos@example.org,09/06/2022 10:07:44 AM,09/06/2022 12:01:58 PM,115,Sí,"
    "Acepto,No\n"
    "Invitado 3,,09/06/2022 10:08:44 AM,09/06/2022 11:01:58 AM,54,Sí,Acepto,No\n"
)
# The same report with "Show unique users" ticked (a Node.js exercise reading one): one row per
# person with their total minutes, no join or leave times.
ZOOM_SPANISH_UNIQUE_USERS = (
    "Nombre (nombre original),E-mail del usuario,Duración total (minutos),Invitado\n"
    "Ana Uno,ana.uno@example.org,128,No\n"
    "Beto Dos,beto.dos@example.org,115,Sí\n"
    "Invitado,,20,Sí\n"
)
# French and German headers, as two readers of such reports list them (their date styles are not
# shown there: Zoom's own month-first style in the German one, a day-first column in the French).
ZOOM_FRENCH = (
    "Nom (nom original),Adresse e-mail de l’utilisateur,Heure d’arrivée,Heure de départ,"
    "Durée (minutes),Invité,Salle d’attente\n"
    "Anne Un,anne.un@example.org,06/09/2022 09:00:00,06/09/2022 10:00:00,60,Non,Non\n"
    "Bruno Deux,bruno.deux@example.org,13/09/2022 09:10:00,13/09/2022 09:40:00,30,Oui,Non\n"
)
ZOOM_GERMAN = (
    "Name (ursprünglicher Name),E-Mail,Beitrittszeit,Austrittszeit,Dauer (Minuten)\n"
    "Anna Eins,anna.eins@example.org,09/06/2022 09:00:00 AM,09/06/2022 10:00:00 AM,60\n"
    "Bernd Zwei,bernd.zwei@example.org,09/06/2022 09:10:00 AM,09/06/2022 09:40:00 AM,30\n"
)

# Portuguese, as a reader's header map and a loader's docstring give it: the summary (`Tópico,
# ID, Anfitrião, ...`), a blank line, then `Nome (nome original),E-mail,Ingressar na hora,...`.
ZOOM_PORTUGUESE = (
    "Tópico,ID,Anfitrião,Duração (minutos),Hora de início,Hora de término,Participantes\n"
    "Oficina,7430864126,Anfitriã Pessoa,120,09/06/2022 09:00:00 AM,09/06/2022 11:00:00 AM,2\n"
    "\n"
    "Nome (nome original),E-mail,Ingressar na hora,Hora de saída,Duração (minutos),"
    "Convidado,Na sala de espera\n"
    "Ana Um,ana.um@example.org,09/06/2022 09:00:00 AM,09/06/2022 10:00:00 AM,60,Não,Não\n"
    "Bruno Dois,bruno.dois@example.org,09/06/2022 08:55:00 AM,09/06/2022 09:00:00 AM,5,Sim,Sim\n"
    "Bruno Dois,bruno.dois@example.org,09/06/2022 09:00:00 AM,09/06/2022 09:30:00 AM,30,Sim,Não\n"
)


@pytest.mark.parametrize(
    ("text", "excluded", "attendees", "minutes", "first_join"),
    [
        (
            ZOOM_ITALIAN_MEETING_IN_EVERY_ROW,
            {"the meeting host, not a participant": 1},
            2,
            177.0,
            "2022-09-06 19:00",
        ),
        (
            ZOOM_ITALIAN_TWO_PARTS,
            {"time in the waiting room, not in the meeting": 1},
            2,
            360.0,
            "2022-09-06 09:02",
        ),
        (ZOOM_SPANISH_OLDER, {}, 2, 247.0, "2022-09-06 09:54"),
        (
            ZOOM_SPANISH_CURRENT,
            {
                "time in the waiting room, not in the meeting": 1,
                "attendees without an e-mail address (guests): counted apart": 1,
            },
            2,
            243.0,
            "2022-09-06 09:54",
        ),
        (
            ZOOM_SPANISH_UNIQUE_USERS,
            {"attendees without an e-mail address (guests): counted apart": 1},
            2,
            243.0,
            None,
        ),
        (
            ZOOM_PORTUGUESE,
            {"time in the waiting room, not in the meeting": 1},
            2,
            90.0,
            "2022-09-06 09:00",
        ),
        (ZOOM_FRENCH, {}, 2, 90.0, "2022-09-06 09:00"),
        (ZOOM_GERMAN, {}, 2, 90.0, "2022-09-06 09:00"),
    ],
    ids=[
        "italian-meeting-in-every-row",
        "italian",
        "spanish-older",
        "spanish",
        "spanish-unique-users",
        "portuguese",
        "french",
        "german",
    ],
)
def test_zoom_meeting_reports_in_the_accounts_language(
    event_db, tmp_path, text, excluded, attendees, minutes, first_join
):
    result = imported(event_db, write_csv(tmp_path / "participants.csv", text))
    assert result.source == "zoom-meeting"
    assert report_of(result, "attendance").excluded == excluded
    assert headline(event_db)["attendees"] == attendees
    cursor = event_db.cursor()
    assert cursor.execute("select sum(minutes) from attendance").fetchone()[0] == minutes
    assert (
        cursor.execute(
            "select strftime(min(join_time), '%Y-%m-%d %H:%M') from attendance"
        ).fetchone()[0]
        == first_join
    )
    assert (
        stored_outside_contacts(
            event_db, ["Ana Uno", "Ana Um", "Anna Uno", "Anne Un", "Anna Eins", "@example.org"]
        )
        == []
    )


# -- Zoom webinar attendee report ------------------------------------------------------------------

# A real report pasted into a webinar tool's development test: no blank lines between sections,
# rows padded with commas, month-name dates ("Mar 22, 2025 19:13:27"), a panelist listed twice,
# registrants who did not come with "--" in every time and in Is Guest, a custom question
# between Is Guest and Country/Region Name, and a phone number.
ZOOM_WEBINAR_MONTH_NAMES = (
    "Attendee Report,,,,,,,,,,,,,\n"
    'Report Generated:,"Sep 7, 2022 6:26 PM",,,,,,,,,,,,\n'
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,"
    "Unique Viewers,Total Users,Max Concurrent Views,Enable Registration,,,,\n"
    'Budget clinic,847 5984 1045,"Sep 6, 2022 7:13 PM",282,4,1,2,3,2,Yes,,,,\n'
    "Host Details,,,,,,,,,,,,,\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
    "Is Guest,Country/Region Name,,,,,,\n"
    'Yes,Host Person,host.person@example.org,"Sep 6, 2022 19:13:27","Sep 6, 2022 23:55:19",'
    "282,No,Kenya,,,,,,\n"
    "Panelist Details,,,,,,,,,,,,,\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
    "Is Guest,Country/Region Name,,,,,,\n"
    'Yes,Pan Elist,pan.elist@example.org,"Sep 6, 2022 19:28:32","Sep 6, 2022 23:55:19",267,'
    "Yes,Kenya,,,,,,\n"
    'Yes,Pan Elist,pan.elist@example.org,"Sep 6, 2022 20:52:29","Sep 6, 2022 23:55:19",183,'
    "Yes,Kenya,,,,,,\n"
    "Attendee Details,,,,,,,,,,,,,\n"
    "Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,"
    "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,"
    '"Profession (if student mention ""Student"", not target profession)",Country/Region Name\n'
    'No,Ann,Ann,One,ann.one@example.org,+254700000001,"Aug 15, 2022 11:23:29",approved,'
    "--,--,--,--,Ads,\n"
    'No,Bo,Bo,Two,bo.two@example.org,0700000002,"Aug 15, 2022 11:24:57",approved,'
    "--,--,--,--,Profession,\n"
    'Yes,cy three,cy,three,cy.three@example.org,+254700000003,"Aug 15, 2022 11:27:19",'
    'approved,"Sep 6, 2022 19:52:01","Sep 6, 2022 19:52:39",1,Yes,Ads,Kenya\n'
    'Yes,Di Four,Di,Four,di.four@example.org,,"Aug 16, 2022 09:00:00",approved,'
    '"Sep 6, 2022 19:20:01","Sep 6, 2022 21:52:39",153,Yes,Student,Ghana\n'
    'Yes,Di Four,Di,Four,di.four@example.org,,"Aug 16, 2022 09:00:00",approved,'
    '"Sep 6, 2022 22:00:01","Sep 6, 2022 22:30:00",30,Yes,Student,Ghana\n'
)


def test_zoom_webinar_report_with_month_name_dates_and_no_blank_lines(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "attendee.csv", ZOOM_WEBINAR_MONTH_NAMES))
    assert result.source == "zoom-webinar"
    registrations = report_of(result, "registrations")
    attendance = report_of(result, "attendance")
    assert registrations.excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 2,
        "further join rows of the same registrant": 1,
    }
    assert attendance.excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 2,
        "registrants who did not attend": 2,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (4, 2)
    cursor = event_db.cursor()
    assert cursor.execute(
        "select strftime(registered_at, '%Y-%m-%d %H:%M:%S') from registrations order by 1"
    ).fetchall()[0] == ("2022-08-15 11:23:29",)
    assert cursor.execute("select sum(minutes) from attendance").fetchone()[0] == 184.0
    assert (
        stored_outside_contacts(
            event_db, ["Pan Elist", "+254700000001", "0700000002", "ann.one@example.org"]
        )
        == []
    )


# Zoom webinar attendee report from an account in Spanish, as code reading real ones shows it
# (index files 38929558475 and 38817812012, an uploader: section `Detalles de asistente`,
# columns `Asistió`, `Correo electrónico`, `Nombre de usuario (nombre original)`, `Tiempo en la
# sesión (minutos)`, `Sí`; 57940100135, a report generator: `Informe de asistentes`, the summary
# `Tema,...,N.º inscritos,Espectadores exclusivos,Usuarios totales,Vistas simultáneas máximas,
# Duración real (minutos)`, `Nombre`, `Apellido`, `Nombre de país/región`, other sections
# `Detalles de ...`; 7953681131, an R import: `Hora de registro`, `Hora de salida`, `Teléfono`,
# `Nombre de fuente`, month-first dates, and Spanish month names, "mar." stripped before
# reading). The host section's title and `Estado de aprobación` are translations, not seen.
ZOOM_WEBINAR_SPANISH = (
    "Informe de asistentes\n"
    "Informe generado:,09/07/2022 06:26:00 PM\n"
    "Tema,ID de seminario web,Hora de inicio real,Duración real (minutos),N.º inscritos,"
    "Espectadores exclusivos,Usuarios totales,Vistas simultáneas máximas\n"
    "Clínica de presupuesto,847 5984 1045,09/06/2022 07:13:00 PM,120,3,2,3,2\n"
    "\n"
    "Detalles del anfitrión\n"
    "Asistió,Nombre de usuario (nombre original),Correo electrónico,Hora de entrada,"
    "Hora de salida,Tiempo en la sesión (minutos),¿Invitado?,Nombre de país/región\n"
    "Sí,Host Person,host.person@example.org,09/06/2022 07:00:00 PM,09/06/2022 09:13:00 PM,"
    "133,No,México\n"
    "\n"
    "Detalles de asistente\n"
    "Asistió,Nombre de usuario (nombre original),Nombre,Apellido,Correo electrónico,Teléfono,"
    "Hora de registro,Estado de aprobación,Hora de entrada,Hora de salida,"
    "Tiempo en la sesión (minutos),¿Invitado?,País,Nombre de país/región,Nombre de fuente\n"
    'Sí,Ann One,Ann,One,ann.one@example.org,+52 55 0000 0001,"ago. 15, 2022 11:23:29",aprobado,'
    "09/06/2022 07:13:27 PM,09/06/2022 08:13:27 PM,60,No,México,México,Boletín\n"
    'Sí,Ann One,Ann,One,ann.one@example.org,+52 55 0000 0001,"ago. 15, 2022 11:23:29",aprobado,'
    "09/06/2022 08:20:00 PM,09/06/2022 08:50:00 PM,30,No,México,México,Boletín\n"
    'No,Bo Two,Bo,Two,bo.two@example.org,,"ago. 16, 2022 09:00:00",aprobado,--,--,--,--,'
    "Perú,,Boletín\n"
    'Sí,Cy Three,Cy,Three,cy.three@example.org,,"ago. 17, 2022 10:00:00",aprobado,'
    "09/06/2022 07:30:00 PM,09/06/2022 08:15:00 PM,45,No,Chile,Chile,\n"
)


def test_zoom_webinar_report_from_an_account_in_spanish(event_db, tmp_path):
    path = write_csv(tmp_path / "attendee_84759841045.csv", ZOOM_WEBINAR_SPANISH)
    result = imported(event_db, path)
    assert result.source == "zoom-webinar"
    assert report_of(result, "registrations").excluded == {
        "hosts, not participants": 1,
        "further join rows of the same registrant": 1,
    }
    assert report_of(result, "attendance").excluded == {
        "hosts, not participants": 1,
        "registrants who did not attend": 1,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (3, 2)
    cursor = event_db.cursor()
    assert cursor.execute("select sum(minutes) from attendance").fetchone()[0] == 135.0
    assert (
        cursor.execute(
            "select strftime(min(registered_at), '%Y-%m-%d %H:%M:%S') from registrations"
        ).fetchone()[0]
        == "2022-08-15 11:23:29"
    )
    countries = sorted(
        row[0] for row in cursor.execute("select country_iso3 from registrations").fetchall()
    )
    assert countries == ["CHL", "MEX", "PER"]
    assert (
        stored_outside_contacts(
            event_db, ["Host Person", "Ann One", "+52 55", "ann.one@example.org"]
        )
        == []
    )


# -- Microsoft Forms ---------------------------------------------------------------------------

# A quiz, from a Laravel importer's test (`ID,Start time,Completion time,Email,Name,Total points,
# Quiz feedback,Last modified time,...,Points - <question>,Feedback - <question>`), 'anonymous'
# in Email, two-digit years; the first question asks for the respondent's full name.
MS_FORMS_QUIZ = (
    "ID,Start time,Completion time,Email,Name,Total points,Quiz feedback,Last modified time,"
    "Full name,Points - Full name,How would you rate the training overall?,"
    "Points - How would you rate the training overall?,Who chairs the committee?,"
    "Points - Who chairs the committee?,Feedback - Who chairs the committee?\n"
    "1,9/6/22 19:06:23,9/6/22 19:17:10,anonymous,,1,,,Ann One,,4,,The chair,1,\n"
    "2,9/6/22 19:08:23,9/6/22 19:19:10,anonymous,,0,,,Bo Two,,5,,The clerk,0,Read section 2\n"
    "3,9/6/22 19:09:23,9/6/22 19:20:10,anonymous,,1,,,Cy Three,,3,,The chair,1,\n"
    "4,9/6/22 19:10:23,9/6/22 19:21:10,anonymous,,0,,,Di Four,,4,,The clerk,0,\n"
)


def test_microsoft_forms_quiz_columns_are_no_questions(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "Quiz.csv", MS_FORMS_QUIZ))
    assert result.source == "microsoft-forms"
    assert kinds_of(result) == {
        "How would you rate the training overall?": "rating",
        "Who chairs the committee?": "single_choice",
    }
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 4
    [rating] = summary["ratings"]
    assert (rating["n"], rating["mean"], rating["scale_max"]) == (4, 4.0, 5)
    assert stored_outside_contacts(event_db, ["Ann One", "Bo Two", "Cy Three"]) == []


# A resource form read by a web page (`Id,...,"How would you rank this resources difficulty?
# ...\n\n1 - Extremely simple\n5 - Very difficult"`): the scale's ends on lines of the header; a
# school survey's "(10 is the highest)"; a scheduling form's checkbox answers "Monday;Tuesday;".
MS_FORMS_SCALES_IN_HEADERS = (
    "Id,Start time,Completion time,Email,Name,"
    '"How satisfied are you with the sessions? (10 is the highest)",Please explain your rating,'
    '"How would you rank the difficulty of the course?\n\n1 - Extremely simple\n'
    '5 - Very difficult",Which days can you attend?\n'
    '1,9/6/2022 11:02,9/6/2022 11:03,ann.one@example.org,Ann One,8,Good,2,"Monday;Tuesday;"\n'
    '2,9/6/2022 11:04,9/6/2022 11:06,bo.two@example.org,Bo Two,10,Great,3,"Tuesday;"\n'
    '3,9/6/2022 11:05,9/6/2022 11:09,cy.three@example.org,Cy Three,7,,4,"Monday;Wednesday;"\n'
)


def test_microsoft_forms_scales_stated_on_lines_of_the_header(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "Course.csv", MS_FORMS_SCALES_IN_HEADERS))
    assert result.source == "microsoft-forms"
    difficulty = (
        "How would you rank the difficulty of the course? 1 - Extremely simple 5 - Very difficult"
    )
    kinds = kinds_of(result)
    assert kinds["How satisfied are you with the sessions? (10 is the highest)"] == "rating"
    assert kinds[difficulty] == "rating"
    # Every answer closed by ';' is a checkbox answer, however few the answers.
    assert kinds["Which days can you attend?"] == "multiple_choice"
    ratings = {r["text"]: r for r in event_summary(event_db, EVENT)["ratings"]}
    assert (ratings[difficulty]["scale_min"], ratings[difficulty]["scale_max"]) == (1, 5)
    assert ratings[difficulty]["mean"] == 3.0
    counts = {
        row["option"]: row["count"]
        for row in records(query(event_db, "choice_distribution", event_id=EVENT))
    }
    assert counts == {"Monday": 2, "Tuesday": 2, "Wednesday": 1}
    assert stored_outside_contacts(event_db, ["Ann One", "ann.one@example.org"]) == []


# Microsoft Forms from tenants in other languages: the fixed columns in the tenant's language.
# French, from a 5S audit tool's header list (`ID,Heure de début,Heure de fin,Adresse de
# messagerie,Nom,Total points,Quiz feedback,Heure de la dernière modification,...`: the quiz
# columns stay in English); Spanish, from an event tool's test (`Id,Hora de inicio,Hora de
# finalización,Correo electrónico,Nombre`, ISO dates); Portuguese, German and Italian as Forms
# translates its columns (not seen in a real file). Each with a rating stated on a scale, a
# single choice, and dates day-first where the tenant writes them so.
MS_FORMS_LOCALIZED = {
    "french": (
        "ID,Heure de début,Heure de fin,Adresse de messagerie,Nom,Total points,Quiz feedback,"
        "Heure de la dernière modification,Comment évaluez-vous l'atelier ? (1-5),"
        "Points - Comment évaluez-vous l'atelier ? (1-5),Votre région\n"
        "1,03/10/2026 09:10:00,03/10/2026 09:15:00,ann.one@example.org,Ann One,,,,4,,Afrique\n"
        "2,03/10/2026 09:11:00,03/10/2026 09:16:00,bo.two@example.org,Bo Two,,,,5,,Afrique\n"
        "3,04/10/2026 10:00:00,04/10/2026 10:05:00,anonymous,,,,05/10/2026 08:00:00,3,,Asie\n"
        "4,04/10/2026 10:00:00,04/10/2026 10:05:00,anonymous,,,,,4,,Asie\n"
    ),
    "spanish": (
        "Id,Hora de inicio,Hora de finalización,Correo electrónico,Nombre,"
        "¿Cómo califica el taller? (1-5),Su región\n"
        "1,2026-10-03,2026-10-03,ann.one@example.org,Ann One,4,África\n"
        "2,2026-10-03,2026-10-03,bo.two@example.org,Bo Two,5,África\n"
        "3,2026-10-04,2026-10-04,anonymous,,3,Asia\n"
        "4,2026-10-04,2026-10-04,anonymous,,4,Asia\n"
    ),
    "portuguese": (
        "ID,Hora de início,Hora de conclusão,Email,Nome,Hora da última modificação,"
        "Como você avalia a oficina? (1-5),Sua região\n"
        "1,03/10/2026 09:10:00,03/10/2026 09:15:00,ann.one@example.org,Ann One,,4,África\n"
        "2,03/10/2026 09:11:00,03/10/2026 09:16:00,bo.two@example.org,Bo Two,,5,África\n"
        "3,04/10/2026 10:00:00,04/10/2026 10:05:00,anonymous,,05/10/2026 08:00:00,3,Ásia\n"
        "4,04/10/2026 10:00:00,04/10/2026 10:05:00,anonymous,,,4,Ásia\n"
    ),
    "german": (
        "ID,Startzeit,Fertigstellungszeit,E-Mail,Name,"
        "Wie bewerten Sie den Workshop? (1-5),Ihre Region\n"
        "1,03.10.2026 09:10:00,03.10.2026 09:15:00,ann.one@example.org,Ann One,4,Afrika\n"
        "2,03.10.2026 09:11:00,03.10.2026 09:16:00,bo.two@example.org,Bo Two,5,Afrika\n"
        "3,04.10.2026 10:00:00,04.10.2026 10:05:00,anonymous,,3,Asien\n"
        "4,04.10.2026 10:00:00,04.10.2026 10:05:00,anonymous,,4,Asien\n"
    ),
    "italian": (
        "ID,Ora di inizio,Ora di completamento,Posta elettronica,Nome,"
        "Come valuta il laboratorio? (1-5),La sua regione\n"
        "1,03/10/2026 09:10:00,03/10/2026 09:15:00,ann.one@example.org,Ann One,4,Africa\n"
        "2,03/10/2026 09:11:00,03/10/2026 09:16:00,bo.two@example.org,Bo Two,5,Africa\n"
        "3,04/10/2026 10:00:00,04/10/2026 10:05:00,anonymous,,3,Asia\n"
        "4,04/10/2026 10:00:00,04/10/2026 10:05:00,anonymous,,4,Asia\n"
    ),
}


@pytest.mark.parametrize("language", list(MS_FORMS_LOCALIZED))
def test_microsoft_forms_from_a_tenant_in_another_language(event_db, tmp_path, language):
    text = MS_FORMS_LOCALIZED[language]
    result = imported(event_db, write_csv(tmp_path / "Formulaire.csv", text))
    assert result.source == "microsoft-forms"
    # Only the two questions: no ID, times, address, name, quiz or last-modified column.
    kinds = kinds_of(result)
    assert sorted(kinds.values()) == ["rating", "single_choice"]
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 4
    [rating] = summary["ratings"]
    assert (rating["n"], rating["mean"], rating["scale_min"], rating["scale_max"]) == (
        4,
        4.0,
        1,
        5,
    )
    # 3 October, read day-first as the tenant writes it (ISO in the Spanish file).
    assert (
        event_db.cursor()
        .execute("select strftime(min(submitted_at), '%Y-%m-%d') from responses")
        .fetchone()[0]
        == "2026-10-03"
    )
    contacts = event_db.cursor().execute("select count(*) from contacts").fetchone()[0]
    assert contacts == 2  # 'anonymous' is no address
    assert stored_outside_contacts(event_db, ["Ann One", "Bo Two", "@example.org"]) == []


# -- Eventbrite --------------------------------------------------------------------------------

# rherardi/eb2ez README.md: an attendee report opened and saved in a spreadsheet (order dates
# "11/29/24 22:28"), free orders, home address columns, custom questions, Job Title, Company.
EVENTBRITE_RESAVED = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Price Tier,Ticket Type,Attendee #,"
    "Group,Order Type,Currency,Total Paid,Fees Paid,Eventbrite Fees,"
    "Eventbrite Payment Processing,Attendee Status,Home Address 1,Home Address 2,Home City,"
    "Home State,Home Zip,Home Country,How did you hear about this event?,"
    "Are you a consultant?,Where are you located (city+state or city+country),Job Title,"
    "Company\n"
    "11211912243,8/29/22 22:28,Ann,One,ann.one@example.org,1,,General Admission,18441583423,,"
    'Free Order,USD,0,0,0,0,Attending,1 Main Road,,Nairobi,,00100,,Email,Yes,"Nairobi, Kenya",'
    "Analyst,Ministry of Finance\n"
    "11211987213,8/29/22 22:54,Bo,Two,bo.two@example.org,1,,General Admission,18441700883,,"
    "Free Order,USD,0,0,0,0,Attending,,,,,,,Web,No,Accra Ghana,Officer,City of Accra\n"
    "11211987299,9/1/22 9:54,Cy,Three,cy.three@example.org,1,,General Admission,18441700999,,"
    "Free Order,USD,0,0,0,0,Checked In,,,,,,,Web,No,Lima,Officer,University of Lima\n"
)


def test_eventbrite_report_saved_again_by_a_spreadsheet(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "report.csv", EVENTBRITE_RESAVED))
    assert result.source == "eventbrite"
    assert report_of(result, "attendance").excluded == {"registered but not checked in": 2}
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (3, 1)
    cursor = event_db.cursor()
    assert cursor.execute(
        "select strftime(registered_at, '%Y-%m-%d %H:%M'), country_iso3 from registrations "
        "order by source_row"
    ).fetchall() == [
        ("2022-08-29 22:28", "KEN"),
        ("2022-08-29 22:54", "GHA"),
        ("2022-09-01 09:54", None),
    ]
    assert stored_outside_contacts(event_db, ["1 Main Road", "00100", "ann.one@example.org"]) == []


# -- LimeSurvey --------------------------------------------------------------------------------

# A usability study's R script reading `results-survey623939-anon.csv` (question codes:
# `id,submitdate,lastpage,startlanguage,seed,startdate,datestamp`, multiple choice as
# `CODE[SQ001]`, a ranking as `RANKING[1..3]`, SUS items answered "1 - strongly disagree", "2",
# ..., "5 - strongly agree"), an incomplete response with no submitdate.
LIMESURVEY_CODES = (
    '"id","submitdate","lastpage","startlanguage","seed","startdate","datestamp",'
    '"PARTICIPANTTYPE[SQ001]","PARTICIPANTTYPE[SQ002]","PARTICIPANTTYPE[other]",'
    '"HOWMANYYEARS","RANKING[1]","RANKING[2]","RANKING[3]","SUS[SQ001]","SUS[SQ002]",'
    '"COMMENTS"\n'
    '"1","2022-09-06 10:05:00","4","en","111","2022-09-06 10:00:00","2022-09-06 10:05:00",'
    '"Y","","","12","B","A","C","5 - strongly agree","2","Fine"\n'
    '"2","2022-09-06 10:15:00","4","en","112","2022-09-06 10:10:00","2022-09-06 10:15:00",'
    '"","Y","","3","A","B","C","4","1 - strongly disagree",""\n'
    '"3","2022-09-06 10:25:00","4","en","113","2022-09-06 10:20:00","2022-09-06 10:25:00",'
    '"Y","Y","Consultant","7","C","A","B","3","2","Good"\n'
    '"4","","1","en","114","2022-09-06 10:30:00","2022-09-06 10:31:00","","","","","","",'
    '"","","",""\n'
)


def test_limesurvey_codes_with_checkboxes_ranks_and_numbered_labels(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "results-survey623939.csv", LIMESURVEY_CODES))
    assert result.source == "limesurvey"
    report = result.kinds[0]
    assert report.excluded == {"incomplete responses (not submitted)": 1}
    kinds = kinds_of(result)
    assert kinds["PARTICIPANTTYPE"] == "multiple_choice"
    assert kinds["HOWMANYYEARS"] == "number"
    assert kinds["SUS [SQ001]"] == kinds["SUS [SQ002]"] == "rating"
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 3
    ratings = {r["text"]: (r["n"], r["mean"], r["scale_max"]) for r in summary["ratings"]}
    assert ratings == {"SUS [SQ001]": (3, 4.0, 5), "SUS [SQ002]": (3, 1.67, 5)}
    [years] = summary["numbers"]
    assert (years["n"], years["mean"]) == (3, 7.33)


# LimeSurvey "answer codes" exports, as R syntax files exported beside them show the codes
# (index files 30633911957, 10920869956, 12232802355, 36125708317, 45428883103: `A1`..`A5` for
# agreement arrays, once listed A1,A3,A2,A4,A5, for age groups, places and yes/no/don't know with
# "Sans opinion" as A5; r0bis/efptPWG data/Lithuania/Lithuania_R_syntax_file.R: `S04A1`..`S0410`;
# LimeSurvey's default codes `AO01`, ekowturkson/MS-Group-Project-22 mentalhealth.sql), headed
# with codes and texts. A closed list answered in codes is a single choice however few the
# answers; a rating only where the question states its scale ("1 = Poor ... 5 = Excellent");
# LimeSurvey's own 5-point array writes digits, read as ratings as before.
LIMESURVEY_ANSWER_CODES = (
    '"id. Response ID","submitdate. Date submitted","lastpage. Last page",'
    '"startlanguage. Start language","ipaddr. IP address","firstname. First name",'
    '"AGE. Your age group",'
    '"RATE[SQ001]. Please rate the workshop (1 = Poor, 5 = Excellent) [Content]",'
    '"RATE[SQ002]. Please rate the workshop (1 = Poor, 5 = Excellent) [Venue]",'
    '"TRUST[SQ001]. Evaluate the following statements [I trust my colleagues]",'
    '"FORMAT. Preferred format","USEFUL[SQ001]. How useful was each session? [Opening]"\n'
    '"1","2022-09-06 10:05:00","3","en","192.0.2.11","Ann","A2","A4","A5","A1","AO01","5"\n'
    '"2","2022-09-06 10:15:00","3","en","192.0.2.12","Bo","A3","A5","A5","A3","AO02","4"\n'
    '"3","2022-09-06 10:25:00","3","en","192.0.2.13","Cy","A1","A3","A2","A5","AO01","4"\n'
    '"4","2022-09-06 10:35:00","3","en","192.0.2.14","Di","A4","A4","A4","A2","AO03","3"\n'
)


def test_limesurvey_answer_codes_are_choices_unless_a_scale_is_stated(event_db, tmp_path):
    path = write_csv(tmp_path / "results-survey771234.csv", LIMESURVEY_ANSWER_CODES)
    result = imported(event_db, path)
    assert result.source == "limesurvey"
    content = "Please rate the workshop (1 = Poor, 5 = Excellent) [Content]"
    venue = "Please rate the workshop (1 = Poor, 5 = Excellent) [Venue]"
    opening = "How useful was each session? [Opening]"
    assert kinds_of(result) == {
        "Your age group": "single_choice",
        content: "rating",
        venue: "rating",
        "Evaluate the following statements [I trust my colleagues]": "single_choice",
        "Preferred format": "single_choice",
        opening: "rating",
    }
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 4
    ratings = {r["text"]: (r["n"], r["mean"], r["scale_max"]) for r in summary["ratings"]}
    assert ratings == {content: (4, 4.0, 5), venue: (4, 4.0, 5), opening: (4, 4.0, 5)}
    counts = {
        (row["text"], row["option"]): row["count"]
        for row in records(query(event_db, "choice_distribution", event_id=EVENT))
    }
    assert counts[("Preferred format", "AO01")] == 2
    assert counts[("Your age group", "A2")] == 1
    assert stored_outside_contacts(event_db, ["192.0.2.", "Ann", "Cy"]) == []


# -- KoboToolbox -------------------------------------------------------------------------------

# The CSV export with XML names and groups (column lists of real exports in a Java loader and an
# R script: `...,meta/instanceID,_id,_uuid,_submission_time,_index,...`), ';'-separated, every
# field quoted, a select-multiple question as its space-joined codes plus one 1/0 column per
# option under the group path, offsets on `start`/`end`, an integer question.
KOBO_XML_NAMES = (
    '"start";"end";"today";"deviceid";"group_intro/rate_training";"group_intro/sectors";'
    '"group_intro/sectors/gov";"group_intro/sectors/ngo";"group_intro/sectors/academia";'
    '"group_intro/hh_size";"comments";"meta/instanceID";"_id";"_uuid";"_submission_time";'
    '"_validation_status";"_notes";"_status";"_submitted_by";"__version__";"_tags";"_index"\n'
    '"2022-09-06T10:00:00.000+03:00";"2022-09-06T10:05:00.000+03:00";"2022-09-06";'
    '"collect:abc1";"excellent";"gov ngo";"1";"1";"0";"4";"ok";"uuid:1";"101";"u1";'
    '"2022-09-06T07:05:00";"";"";"submitted_via_web";"";"vX";"";"1"\n'
    '"2022-09-06T10:00:00.000+03:00";"2022-09-06T10:06:00.000+03:00";"2022-09-06";'
    '"collect:abc2";"good";"academia";"0";"0";"1";"7";"";"uuid:2";"102";"u2";'
    '"2022-09-06T07:06:00";"";"";"submitted_via_web";"";"vX";"";"2"\n'
    '"2022-09-06T10:00:00.000+03:00";"2022-09-06T10:07:00.000+03:00";"2022-09-06";'
    '"collect:abc3";"very_good";"gov";"1";"0";"0";"2";"";"uuid:3";"103";"u3";'
    '"2022-09-06T07:07:00";"";"";"submitted_via_web";"";"vX";"";"3"\n'
)


def test_kobo_xml_names_with_groups_and_option_columns(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "kobo.csv", KOBO_XML_NAMES))
    assert result.source == "kobo"
    assert kinds_of(result) == {
        "rate_training": "rating",
        # Three submissions are enough: the option columns say it is a checkbox question.
        "sectors": "multiple_choice",
        "hh_size": "number",
        "comments": "text",
    }
    counts = {
        row["option"]: row["count"]
        for row in records(query(event_db, "choice_distribution", event_id=EVENT))
    }
    assert counts == {"gov": 2, "ngo": 1, "academia": 1}
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 3
    assert (summary["ratings"][0]["n"], summary["ratings"][0]["mean"]) == (3, 4.0)
    assert stored_outside_contacts(event_db, ["collect:abc1", "uuid:1"]) == []


# -- SurveyMonkey ------------------------------------------------------------------------------

# The export's full opening (`Respondent ID,Collector ID,Start Date,End Date,IP Address,Email
# Address,First Name,Last Name,Custom Data 1,...`, from a civic group's importer and a health
# survey's reader), a matrix question, and the same from a Spanish-language account, whose
# custom data column is "Datos personalizados 1" and dates are day-first.
SURVEYMONKEY_FULL_OPENING = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
    "Last Name,Custom Data 1,How would you rate the following?,,What country do you live in?,"
    "Any comments?\n"
    ",,,,,,,,,Content,Speakers,Response,Open-Ended Response\n"
    "11432109876,254110001,09/06/2022 11:02:40 AM,09/06/2022 11:35:12 AM,198.51.100.7,"
    "ann.one@example.org,Ann,One,ref-77,Excellent,Good,Kenya,Nice\n"
    "11432109877,254110001,09/06/2022 11:03:40 AM,09/06/2022 11:36:12 AM,198.51.100.8,"
    "bo.two@example.org,Bo,Two,ref-78,Very good,Fair,Ghana,\n"
    "11432109878,254110001,09/06/2022 11:04:40 AM,09/06/2022 11:37:12 AM,198.51.100.9,,,,,"
    "Good,Excellent,Peru,Ok\n"
)
SURVEYMONKEY_SPANISH = (
    "ID del encuestado,ID del recopilador,Fecha de inicio,Fecha de finalización,Dirección IP,"
    "Dirección de correo electrónico,Nombre,Apellido,Datos personalizados 1,"
    "¿Cómo calificaría el taller?,Comentarios\n"
    ",,,,,,,,,Respuesta,Respuesta abierta\n"
    "11432109876,254110001,06/09/2022 11:02:40,06/09/2022 11:35:12,198.51.100.7,,,,ref-77,"
    "Excelente,Bien\n"
    "11432109877,254110001,06/09/2022 11:03:40,06/09/2022 11:36:12,198.51.100.8,,,,ref-78,"
    "Muy bueno,\n"
    "11432109878,254110001,13/09/2022 11:04:40,13/09/2022 11:37:12,198.51.100.9,,,,,Bueno,Ok\n"
)


@pytest.mark.parametrize(
    ("text", "kinds", "means", "last_day"),
    [
        (
            SURVEYMONKEY_FULL_OPENING,
            {
                "How would you rate the following? [Content]": "rating",
                "How would you rate the following? [Speakers]": "rating",
                "Any comments?": "text",
            },
            {
                "How would you rate the following? [Content]": 4.0,
                "How would you rate the following? [Speakers]": 3.33,
            },
            "2022-09-06",
        ),
        (
            SURVEYMONKEY_SPANISH,
            {"¿Cómo calificaría el taller?": "rating", "Comentarios": "text"},
            {"¿Cómo calificaría el taller?": 4.0},
            "2022-09-13",
        ),
    ],
    ids=["english", "spanish"],
)
def test_surveymonkey_opening_columns_are_never_questions(
    event_db, tmp_path, text, kinds, means, last_day
):
    result = imported(event_db, write_csv(tmp_path / "Workshop.csv", text))
    assert result.source == "surveymonkey"
    assert kinds_of(result) == kinds
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 3
    assert {r["text"]: r["mean"] for r in summary["ratings"]} == means
    assert (
        event_db.cursor()
        .execute("select strftime(max(submitted_at), '%Y-%m-%d') from responses")
        .fetchone()[0]
        == last_day
    )
    assert stored_outside_contacts(event_db, ["198.51.100", "ref-77", "ann.one@"]) == []


# -- Google Forms, Sheets in other languages ------------------------------------------------------

# Portuguese (`Carimbo de data/hora,Endereço de e-mail,Nome completo,...`, day-first
# `13/06/2024 17:08:15`, from importers' tests), Italian (`Informazioni cronologiche,Indirizzo
# email,Cognome,Nome,...`, `"08/07/2026 13.49.22"` with a dotted time, from a school's README) and
# German (`Zeitstempel,E-Mail-Adresse,Punkte,...`, `07.02.2025 00:13:31`, a quiz's points).
GOOGLE_SHEET_PORTUGUESE = (
    "Carimbo de data/hora,Endereço de e-mail,Nome completo,Como você avalia a oficina?,"
    "Comentários\n"
    "13/06/2024 17:08:15,ana.um@example.org,Ana Um,5,Ótimo\n"
    "14/06/2024 09:10:00,bruno.dois@example.org,Bruno Dois,4,\n"
    "05/06/2024 11:00:00,carla.tres@example.org,Carla Três,3,Bom\n"
)
GOOGLE_SHEET_ITALIAN = (
    "Informazioni cronologiche,Indirizzo email,Cognome,Nome,"
    "Come valuta il corso nel complesso?,Commenti\n"
    '"08/07/2026 13.49.22","anna.uno@example.org","UNO","ANNA",5,"Bene"\n'
    '"09/07/2026 10.02.11","bruno.due@example.org","DUE","BRUNO",4,""\n'
)
GOOGLE_SHEET_GERMAN = (
    "Zeitstempel,E-Mail-Adresse,Punkte,Wie bewerten Sie die Veranstaltung insgesamt?,"
    "Kommentare\n"
    "07.02.2025 00:13:31,anna.eins@example.org,8 / 10,5,Gut\n"
    "08.02.2025 00:14:31,bernd.zwei@example.org,6 / 10,3,\n"
)


@pytest.mark.parametrize(
    ("text", "question", "mean", "first_submitted", "names"),
    [
        (
            GOOGLE_SHEET_PORTUGUESE,
            "Como você avalia a oficina?",
            4.0,
            "2024-06-05 11:00:00",
            ["Ana Um", "Carla Tr"],
        ),
        (
            GOOGLE_SHEET_ITALIAN,
            "Come valuta il corso nel complesso?",
            4.5,
            # 8 July: an Italian Sheet writes the day first, though 08/07 could be either.
            "2026-07-08 13:49:22",
            ["UNO", "ANNA"],
        ),
        (
            GOOGLE_SHEET_GERMAN,
            "Wie bewerten Sie die Veranstaltung insgesamt?",
            4.0,
            "2025-02-07 00:13:31",
            ["8 / 10"],
        ),
    ],
    ids=["portuguese", "italian", "german"],
)
def test_google_sheets_in_the_form_owners_language(
    event_db, tmp_path, text, question, mean, first_submitted, names
):
    result = imported(event_db, write_csv(tmp_path / "Respostas.csv", text))
    assert result.source == "google-forms"
    # Only the rating and the comments are questions: no name, no address, no quiz points.
    kinds = kinds_of(result)
    assert kinds.pop(question) == "rating"
    assert list(kinds.values()) == ["text"]  # the comments
    summary = event_summary(event_db, EVENT)
    assert summary["ratings"][0]["mean"] == mean
    assert (
        event_db.cursor()
        .execute("select strftime(min(submitted_at), '%Y-%m-%d %H:%M:%S') from responses")
        .fetchone()[0]
        == first_submitted
    )
    assert result.kinds[0].people == summary["responses"]
    assert stored_outside_contacts(event_db, [*names, "@example.org"]) == []


# A small survey's Google Sheet: the Sheet joins a checkbox question's options with ", " (as
# every Sheet copy of a form does, tests/fixtures/forms/google_sheet_download.csv), and with
# three answers few options can be seen ticked twice. Options repeated across rows, or a header
# saying several may be ticked, with short labels, make checkboxes; free text with commas stays
# text ("From a colleague, at work", "LinkedIn, I think": no option seen twice).
GOOGLE_SHEET_SMALL = (
    "Timestamp,Email Address,How would you rate the webinar overall?,"
    "Which sessions did you attend?,Which topics interest you? (Select all that apply),"
    "Where did you hear about the webinar?\n"
    "9/6/2022 10:05:11,ann.one@example.org,Excellent,"
    '"Opening, Policy, planning and budgeting","Data, Budgeting","From a colleague, at work"\n'
    "9/6/2022 10:15:40,bo.two@example.org,Good,Closing,Gender statistics,Newsletter\n"
    "9/6/2022 11:01:02,cy.three@example.org,Very good,"
    '"Opening, Panel","Climate finance, Trade","LinkedIn, I think"\n'
)


def test_google_sheet_checkboxes_in_a_small_survey(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "Webinar (Responses).csv", GOOGLE_SHEET_SMALL))
    assert result.source == "google-forms"
    assert kinds_of(result) == {
        "How would you rate the webinar overall?": "rating",
        "Which sessions did you attend?": "multiple_choice",
        "Which topics interest you? (Select all that apply)": "multiple_choice",
        "Where did you hear about the webinar?": "text",
    }
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 3
    [rating] = summary["ratings"]
    assert (rating["n"], rating["mean"]) == (3, 4.0)
    counts = {
        (row["text"], row["option"]): row["count"]
        for row in records(query(event_db, "choice_distribution", event_id=EVENT))
    }
    sessions = {o: c for (q, o), c in counts.items() if q == "Which sessions did you attend?"}
    assert sessions == {"Opening": 2, "Policy, planning and budgeting": 1, "Closing": 1, "Panel": 1}
    topics = [o for (q, o) in counts if q.startswith("Which topics")]
    assert sorted(topics) == ["Budgeting", "Climate finance", "Data", "Gender statistics", "Trade"]
    assert stored_outside_contacts(event_db, ["@example.org"]) == []


# -- KoboToolbox, as KoboToolbox's own export tests write it --------------------------------------

# kobotoolbox/kpi kpi/tests/test_mock_data_exports.py: labels as headers, the HXL row
# (`#symmetry`), a select-multiple as its labels joined by spaces plus one 1/0 column per option,
# metadata in the current order with `_submitted_by` written "None" when empty, a text answer
# holding a line feed and a carriage return; the XLSX export writes `_id` and `_index` as floats.
KOBO_KPI_HEADER = [
    "start",
    "end",
    "What kind of symmetry do you have?",
    "What kind of symmetry do you have?/Spherical",
    "What kind of symmetry do you have?/Radial",
    "What kind of symmetry do you have?/Bilateral",
    "How many segments does your body have?",
    "Do you have body fluids that occupy intracellular space?",
    "Do you descend from an ancestral unicellular organism?",
    "How do you feel after all those questions?",
    "_id",
    "_notes",
    "_status",
    "_submission_time",
    "_submitted_by",
    "_tags",
    "_uuid",
    "_validation_status",
    "_index",
]
KOBO_KPI_HXL = ["", "", "#symmetry", "", "", "", "#segments", "#fluids"] + [""] * 11
KOBO_KPI_ROWS = [
    ["2022-09-06T05:40:39.000-04:00", "2022-09-06T05:41:13.000-04:00",
     "Spherical Radial Bilateral", "1", "1", "1", "6", "Yes, and some extracellular space",
     "No", "Good", 61.0, "", "submitted_via_web", "2022-09-06T09:41:19", "None", "",
     "9a1f0c1e-0000-4000-8000-000000000001", "", 1.0],
    ["2022-09-06T05:41:14.000-04:00", "2022-09-06T05:41:32.000-04:00", "Radial", "0", "1", "0",
     "3", "Yes", "No", "Pretty good.\nCould have been better.\rThanks", 62.0, "",
     "submitted_via_web", "2022-09-06T09:41:38", "None", "",
     "9a1f0c1e-0000-4000-8000-000000000002", "", 2.0],
    ["2022-09-06T05:41:32.000-04:00", "2022-09-06T05:42:05.000-04:00", "Bilateral", "0", "0",
     "1", "2", "No / Unsure", "Yes", "Meh", 63.0, "", "submitted_via_web",
     "2022-09-06T09:42:11", "enumerator.one", "", "9a1f0c1e-0000-4000-8000-000000000003", "",
     3.0],
]  # fmt: skip


def _kobo_csv(path):
    def cell(value):
        text = str(int(value)) if isinstance(value, float) else value
        return '"' + text.replace('"', '""') + '"'

    lines = [
        ";".join(cell(v) for v in row) for row in [KOBO_KPI_HEADER, KOBO_KPI_HXL, *KOBO_KPI_ROWS]
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _kobo_xlsx(path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Identificación de animales"
    for row in [KOBO_KPI_HEADER, KOBO_KPI_HXL, *KOBO_KPI_ROWS]:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("write", [_kobo_csv, _kobo_xlsx], ids=["csv", "xlsx"])
def test_kobo_export_as_kobotoolbox_writes_it(event_db, tmp_path, write):
    suffix = ".csv" if write is _kobo_csv else ".xlsx"
    result = imported(event_db, write(tmp_path / f"animals{suffix}"))
    assert result.source == "kobo"
    assert kinds_of(result) == {
        "What kind of symmetry do you have?": "multiple_choice",
        "How many segments does your body have?": "number",
        "Do you have body fluids that occupy intracellular space?": "text",
        "Do you descend from an ancestral unicellular organism?": "yes_no",
        "How do you feel after all those questions?": "text",
    }
    counts = {
        row["option"]: row["count"]
        for row in records(query(event_db, "choice_distribution", event_id=EVENT))
    }
    assert counts == {"Spherical": 1, "Radial": 2, "Bilateral": 2}
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 3
    [segments] = summary["numbers"]
    assert (segments["n"], segments["mean"], segments["median"]) == (3, 3.67, 3.0)
    [descends] = summary["yes_no"]
    assert (descends["n"], descends["yes"], descends["no"]) == (3, 1, 2)
    assert (
        event_db.cursor()
        .execute("select strftime(min(submitted_at), '%Y-%m-%d %H:%M') from responses")
        .fetchone()[0]
        == "2022-09-06 05:41"
    )
    assert stored_outside_contacts(event_db, ["enumerator.one", "9a1f0c1e"]) == []


# -- Third pass: reports opened in a spreadsheet and saved again ---------------------------------

# What Excel does to a Zoom webinar attendee report when an analyst opens it and saves it as CSV
# again: Zoom's month-name dates become the locale's short dates without seconds, quotes are
# dropped where no value needs them, every row is padded to the widest row and empty rows are
# kept at the end. In a locale whose decimal mark is the comma (continental Europe, Latin
# America) the values are separated by ';' and the file is cp1252; dates are day-first there,
# and a report whose every day is 12 or less holds nothing else that says so.
ZOOM_WEBINAR_RESAVED_IN_EUROPE = (
    "Attendee Report;;;;;;;;;;;;;\r\n"
    "Report Generated:;;07/09/2022 10:02;;;;;;;;;;;\r\n"
    "Topic;Webinar ID;Actual Start Time;Actual Duration (minutes);# Registered;"
    "Unique Viewers;;;;;;;;\r\n"
    "Clínica de presupuesto;847 5984 1045;06/09/2022 19:00;95;5;3;;;;;;;;\r\n"
    ";;;;;;;;;;;;;\r\n"
    "Host Details;;;;;;;;;;;;;\r\n"
    "Attended;User Name (Original Name);Email;Join Time;Leave Time;"
    "Time in Session (minutes);Is Guest;Country/Region Name;;;;;;\r\n"
    "Yes;Host Person;host.person@example.org;06/09/2022 18:50;06/09/2022 20:36;107;No;"
    "France;;;;;;\r\n"
    "Attendee Details;;;;;;;;;;;;;\r\n"
    "Attended;User Name (Original Name);First Name;Last Name;Email;Phone;Registration Time;"
    "Approval Status;Join Time;Leave Time;Time in Session (minutes);Is Guest;Pays;"
    "Country/Region Name\r\n"
    "Yes;Ann One;Ann;One;ann.one@example.org;3,31E+10;01/08/2022 09:12;approved;"
    "06/09/2022 19:02;06/09/2022 19:47;45;Yes;Sénégal;France\r\n"
    "Yes;Ann One;Ann;One;ann.one@example.org;3,31E+10;01/08/2022 09:12;approved;"
    "06/09/2022 19:50;06/09/2022 20:20;30;Yes;Sénégal;France\r\n"
    "Yes;Bo Two;Bo;Two;bo.two@example.org;;02/08/2022 17:40;approved;06/09/2022 19:05;"
    "06/09/2022 20:30;85;Yes;Bénin;Bénin\r\n"
    "No;Cy Three;Cy;Three;cy.three@example.org;;11/08/2022 08:00;approved;--;--;--;--;Togo;\r\n"
    "No;Di Four;Di;Four;di.four@example.org;;12/08/2022 11:30;denied;--;--;--;--;Mali;\r\n"
    ";;;;;;;;;;;;;\r\n"
    ";;;;;;;;;;;;;\r\n"
)


def test_zoom_webinar_report_saved_again_by_a_european_spreadsheet(event_db, tmp_path):
    path = write_csv(
        tmp_path / "attendee_report.csv", ZOOM_WEBINAR_RESAVED_IN_EUROPE, encoding="cp1252"
    )
    result = imported(event_db, path)
    assert result.source == "zoom-webinar"
    assert report_of(result, "registrations").excluded == {
        "hosts, not participants": 1,
        "further join rows of the same registrant": 1,
        "denied or cancelled registrations": 1,
    }
    assert report_of(result, "attendance").excluded == {
        "hosts, not participants": 1,
        "registrants who did not attend": 2,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (3, 2)
    cursor = event_db.cursor()
    # ';' says the spreadsheet wrote day-first: 1 August and 6 September, not 8 January and
    # 9 June, although no day in the file is above 12.
    assert cursor.execute(
        "select strftime(registered_at, '%Y-%m-%d %H:%M') from registrations order by 1"
    ).fetchall() == [("2022-08-01 09:12",), ("2022-08-02 17:40",), ("2022-08-11 08:00",)]
    assert cursor.execute(
        "select strftime(min(join_time), '%Y-%m-%d %H:%M'), sum(minutes) from attendance"
    ).fetchone() == ("2022-09-06 19:02", 160.0)
    countries = cursor.execute(
        "select list(country_iso3 order by country_iso3) from registrations"
    ).fetchone()[0]
    assert countries == ["BEN", "SEN", "TGO"]
    assert stored_outside_contacts(event_db, ["Ann One", "ann.one@example.org", "3,31E"]) == []


# The same report saved by a US-locale Excel as "CSV UTF-8": a byte order mark, `,` and
# month-first short dates without seconds (`9/6/2022 19:02`); a registration report saved the
# same way, whose statuses are Zoom's four: approved, pending, denied, cancelled.
ZOOM_REGISTRATION_RESAVED_IN_THE_US = (
    "\ufeffRegistration Report,,,,,,\r\n"
    "Report Generated:,9/1/2022 16:15,,,,,\r\n"
    "Topic,Webinar ID,Scheduled Time,# Registered,,,\r\n"
    "Budget clinic,847 5984 1045,9/6/2022 7:45,4,,,\r\n"
    ",,,,,,\r\n"
    "First Name,Last Name,Email,Registration Time,Approval Status,Country/Region,Organization\r\n"
    "Ann,One,ann.one@example.org,8/1/2022 9:12,approved,Kenya,Ministry of Finance\r\n"
    "Bo,Two,bo.two@example.org,8/2/2022 17:40,pending,Ghana,City of Accra\r\n"
    "Cy,Three,cy.three@example.org,8/11/2022 8:00,denied,Peru,\r\n"
    "Di,Four,di.four@example.org,8/12/2022 11:30,cancelled,Chile,\r\n"
    "Ed,Five,ed.five@example.org,8/12/2022 12:00,approved,Kenya,\r\n"
    ",,,,,,\r\n"
)


def test_zoom_registration_report_saved_again_as_csv_utf8(event_db, tmp_path):
    path = write_csv(tmp_path / "registration.csv", ZOOM_REGISTRATION_RESAVED_IN_THE_US)
    result = imported(event_db, path)
    assert result.source == "zoom-registration"
    assert report_of(result, "registrations").excluded == {"denied or cancelled registrations": 2}
    figures = headline(event_db)
    assert (figures["registrations"], figures["registration_countries"]) == (3, 2)
    assert event_db.cursor().execute(
        "select strftime(registered_at, '%Y-%m-%d %H:%M') from registrations order by 1"
    ).fetchall() == [("2022-08-01 09:12",), ("2022-08-02 17:40",), ("2022-08-12 12:00",)]


def _workbook(path, rows):
    """A workbook as Excel saves one: dates as date cells, minutes and ids as numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_zoom_webinar_report_saved_again_as_a_workbook(event_db, tmp_path):
    from datetime import datetime

    def at(day, hour, minute):
        return datetime(2022, 9 if day == 6 else 8, day, hour, minute)

    rows = [
        ["Attendee Report"],
        ["Report Generated:", None, at(6, 22, 0)],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)"],
        ["Budget clinic", 84759841045, at(6, 19, 0), 95],
        [],
        ["Host Details"],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name"],
        ["Yes", "Host Person", "host.person@example.org", at(6, 18, 50), at(6, 20, 36), 107,
         "No", "Kenya"],
        ["Attendee Details"],
        ["Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Phone",
         "Registration Time", "Approval Status", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name"],
        ["Yes", "Ann One", "Ann", "One", "ann.one@example.org", 254700000001, at(1, 9, 12),
         "approved", at(6, 19, 2), at(6, 19, 47), 45, "Yes", "Kenya"],
        ["Yes", "Bo Two", "Bo", "Two", "bo.two@example.org", None, at(2, 17, 40), "approved",
         at(6, 19, 5), at(6, 20, 30), 85.0, "Yes", "Ghana"],
        ["No", "Cy Three", "Cy", "Three", "cy.three@example.org", None, at(11, 8, 0),
         "approved", "--", "--", "--", "--", None],
    ]  # fmt: skip
    result = imported(event_db, _workbook(tmp_path / "attendee_report.xlsx", rows))
    assert result.source == "zoom-webinar"
    assert report_of(result, "attendance").excluded == {
        "hosts, not participants": 1,
        "registrants who did not attend": 1,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"], figures["attendee_countries"]) == (
        3,
        2,
        2,
    )
    cursor = event_db.cursor()
    assert cursor.execute(
        "select strftime(min(join_time), '%Y-%m-%d %H:%M'), sum(minutes) from attendance"
    ).fetchone() == ("2022-09-06 19:02", 130.0)
    assert stored_outside_contacts(event_db, ["254700000001", "ann.one@example.org"]) == []


# An Eventbrite attendee report saved again by a European spreadsheet: ';', cp1252, order
# dates day-first without seconds (none above 12), order and attendee numbers turned into
# Excel's scientific notation, empty columns and rows at the end.
EVENTBRITE_RESAVED_IN_EUROPE = (
    "Order #;Order Date;First Name;Last Name;Email;Quantity;Ticket Type;Attendee #;"
    "Attendee Status;Home Country;Pays de résidence;;\r\n"
    "1,12E+10;01/08/2022 22:28;Ann;One;ann.one@example.org;1;Général;1,84E+10;Checked In;"
    "FR;Sénégal;;\r\n"
    "1,12E+10;02/08/2022 09:54;Bo;Two;bo.two@example.org;1;Général;1,84E+10;Attending;;"
    "Côte d'Ivoire;;\r\n"
    "1,12E+10;03/08/2022 10:00;Cy;Three;cy.three@example.org;1;Général;1,84E+10;Refunded;;"
    "Mali;;\r\n"
    ";;;;;;;;;;;;\r\n"
)


def test_eventbrite_report_saved_again_by_a_european_spreadsheet(event_db, tmp_path):
    path = write_csv(tmp_path / "attendees.csv", EVENTBRITE_RESAVED_IN_EUROPE, encoding="cp1252")
    result = imported(event_db, path)
    assert result.source == "eventbrite"
    assert report_of(result, "registrations").excluded == {"refunded tickets, not registrations": 1}
    assert report_of(result, "attendance").excluded == {
        "refunded tickets, not registrations": 1,
        "registered but not checked in": 1,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (2, 1)
    cursor = event_db.cursor()
    assert cursor.execute(
        "select strftime(registered_at, '%Y-%m-%d %H:%M'), country_iso3 from registrations "
        "order by 1"
    ).fetchall() == [("2022-08-01 22:28", "SEN"), ("2022-08-02 09:54", "CIV")]


# -- Third pass: Zoom's layouts over the years --------------------------------------------------

# Attendee reports as code reading real ones writes them (index files 61155288875, 69825378750,
# 69693206700: `Report generated time,...`, an attendee table of `Attended,First Name,Last Name,
# Email,Phone,Join Time,Leave Time,Time in Session (minutes)` with no user name and no
# registration time; 33024454603, a pipeline's guide: `Attendee Details / Registrant Details`,
# `Registration Source`, `Attendance Type`; 63208576905: a registrant who did not come with
# empty times and 0 minutes).
ZOOM_WEBINAR_REGISTRANT_DETAILS = (
    "Attendee Report\n"
    "Report generated time,09/07/2022 05:29:06 AM\n"
    "\n"
    "Topic,Webinar ID,Actual Start Time,Unique Viewers\n"
    "Budget clinic,91695866411,09/06/2022 19:00,2\n"
    "\n"
    "Host Details\n"
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),"
    "Is Guest,Country/Region Name\n"
    "Yes,Host Person,host.person@example.org,09/06/2022 18:50:00,09/06/2022 20:40:00,110,No,"
    "Kenya\n"
    "Registrant Details\n"
    "Attended,First Name,Last Name,Email,Phone,Join Time,Leave Time,Time in Session (minutes),"
    "Registration Source,Attendance Type,Country\n"
    "Yes,Ann,One,ann.one@example.org,+254700000001,09/06/2022 19:02:00,09/06/2022 20:31:00,89,"
    "Email,Live,Kenya\n"
    "Yes,Bo,Two,bo.two@example.org,,09/06/2022 19:10:00,09/06/2022 19:40:00,30,Web,Live,Uganda\n"
    "No,Cy,Three,cy.three@example.org,,,,0,Web,,Rwanda\n"
)


def test_zoom_webinar_report_with_registrant_details(event_db, tmp_path):
    result = imported(
        event_db, write_csv(tmp_path / "attendee.csv", ZOOM_WEBINAR_REGISTRANT_DETAILS)
    )
    assert result.source == "zoom-webinar"
    assert report_of(result, "registrations").excluded == {"hosts, not participants": 1}
    assert report_of(result, "attendance").excluded == {
        "hosts, not participants": 1,
        "registrants who did not attend": 1,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (3, 2)
    assert (figures["registration_countries"], figures["attendee_countries"]) == (3, 2)
    # Registration Source and Attendance Type are Zoom's, not registration questions.
    assert "Registration Source" not in report_of(result, "registrations").column_map
    assert event_db.cursor().execute("select sum(minutes) from attendance").fetchone()[0] == 119


# The registration report as some accounts export it: its registrants under an `Attendee
# Details` title, with User Name, Phone and Registration Source (33024454603: "the 8-column
# registration layout contained in the Attendee Details section of Zoom registrant exports").
ZOOM_REGISTRATION_UNDER_ATTENDEE_DETAILS = (
    "Registration Report\n"
    'Report Generated:,"Sep 1, 2022 4:15 PM"\n'
    "Topic,Webinar ID,Scheduled Time,# Registered\n"
    'Budget clinic,847 5984 1045,"Sep 6, 2022 7:45 AM",3\n'
    "\n"
    "Attendee Details\n"
    "User Name (Original Name),First Name,Last Name,Email,Registration Time,Approval Status,"
    "Phone,Registration Source\n"
    'Ann One,Ann,One,ann.one@example.org,"Aug 10, 2022 09:12:44",approved,+254700000001,Email\n'
    'Bo Two,Bo,Two,bo.two@example.org,"Aug 11, 2022 17:40:05",cancelled,,Web\n'
    'Cy Three,Cy,Three,cy.three@example.org,"Aug 12, 2022 02:03:04",pending,,Web\n'
    'Di Four,Di,Four,di.four@example.org,"Aug 12, 2022 03:00:00",upgraded to panelist,,Web\n'
)


def test_zoom_registration_report_under_an_attendee_details_title(event_db, tmp_path):
    path = write_csv(tmp_path / "registration.csv", ZOOM_REGISTRATION_UNDER_ATTENDEE_DETAILS)
    result = imported(event_db, path)
    assert result.source == "zoom-registration"
    assert report_of(result, "registrations").excluded == {
        "denied or cancelled registrations": 1,
        "registrants upgraded to panelist, not participants": 1,
    }
    assert headline(event_db)["registrations"] == 2
    assert stored_outside_contacts(event_db, ["+254700000001", "Ann One"]) == []


# Zoom's poll and Q&A reports: who voted or asked during the session, not who registered or
# came. Older poll report (`#,User Name,User Email,Submitted Date/Time,...`: index file
# 68468944588, a vote importer's test; 41134672254, "6 rows of header info"), the current one
# (`Overview`, `Launched Polls`, a section per poll, `Submitted Date and Time`: 60840309540),
# and the Q&A report (`Question Details`, `#,Question,Asker Name,Asker Email,Answer(s)`).
ZOOM_POLL_REPORT = (
    "Poll Report\n"
    'Report Generated:,"Sep 7, 2022 10:02 AM"\n'
    "Meeting ID,Topic,Start Time\n"
    '81234567890,Budget clinic,"Sep 6, 2022 7:00 PM"\n'
    "\n"
    "#,User Name,User Email,Submitted Date/Time,Poll,Question,Answer\n"
    '1,Ann One,ann.one@example.org,"Sep 6, 2022 19:40:12",Feedback,How useful was it?,Very\n'
)
ZOOM_POLL_REPORT_CURRENT = (
    "Overview\n"
    "Generate Time,Meeting Topic,Meeting/Webinar ID,Actual Start Time\n"
    "09/07/2022,Budget clinic,84759841045,09/06/2022\n"
    "\n"
    "Launched Polls\n"
    "#,Poll Name,Questions,Responses\n"
    "1,Feedback,2,1\n"
    "\n"
    "Feedback\n"
    "#,User Name,Email Address,Submitted Date and Time,How would you rate the session?,"
    "What can we improve? (Description)\n"
    "1,Ann One,ann.one@example.org,09/06/2022 20:40,5,More time\n"
)
ZOOM_QA_REPORT = (
    "Question And Answer Report\n"
    'Report Generated:,"Sep 7, 2022 10:02 AM"\n'
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes)\n"
    'Budget clinic,847 5984 1045,"Sep 6, 2022 7:00 PM",95\n'
    "\n"
    "Question Details\n"
    "#,Question,Asker Name,Asker Email,Answer(s)\n"
    "1,When are the slides out?,Ann One,ann.one@example.org,Tomorrow\n"
)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (ZOOM_POLL_REPORT, "a Zoom poll report"),
        (ZOOM_POLL_REPORT_CURRENT, "a Zoom poll report"),
        (ZOOM_QA_REPORT, "a Zoom Q&A report"),
    ],
    ids=["poll", "poll-current", "q-and-a"],
)
def test_zoom_poll_and_qa_reports_are_refused_saying_what_they_are(event_db, tmp_path, text, what):
    from surveydash.tabular import FileRefused

    with pytest.raises(FileRefused) as refused:
        imported(event_db, write_csv(tmp_path / "report.csv", text))
    message = refused.value.describe()
    assert f"is {what}" in message
    assert "export the attendee report" in message
    assert event_db.cursor().execute("select count(*) from import_log").fetchone()[0] == 0


def test_a_survey_with_a_submission_time_is_not_taken_for_a_zoom_poll(event_db, tmp_path):
    """A survey export whose columns say when each answer was submitted, with names and
    e-mails (as form tools write them), is still a survey."""
    text = (
        "Submission ID,Submitted Date/Time,Name,Email,How would you rate the session?,"
        "What should we improve?\n"
        "1,09/06/2022 20:40,Ann One,ann.one@example.org,5,More time\n"
        "2,09/06/2022 20:41,Bo Two,bo.two@example.org,4,Nothing\n"
        "3,09/06/2022 20:42,Cy Three,cy.three@example.org,5,Slides\n"
    )
    result = imported(event_db, write_csv(tmp_path / "survey.csv", text))
    assert not result.source.startswith("zoom")
    assert [report.kind for report in result.kinds] == ["survey"]


# -- Third pass: a Zoom report in a language whose words the reader does not know ----------------

# Zoom webinar reports in Portuguese, French, German or Italian were not found in public files
# (searched: "Nome de usuário (nome original)", "Nom d'utilisateur (nom d'origine)", "Detalhes
# do participante"). The headers below are invented, on purpose not Zoom's: the reader must
# recognise the report by its shape (titled sections, Zoom's order) and its values (addresses,
# date-times with the language's month names, whole minutes, country names), not by words.
ZOOM_WEBINAR_UNKNOWN_WORDS = (
    "Relatório de participantes\n"
    'Relatório gerado:,"set. 7, 2022 10:02 AM"\n'
    "Tópico,ID do webinar,Hora de início real,Duração real (minutos),Nº de inscritos\n"
    'Clínica de orçamento,847 5984 1045,"set. 6, 2022 07:00 PM",95,4\n'
    "\n"
    "Secção A\n"
    "Veio,Utilizador,Correio,Entrada,Saída,Tempo (min),Convidado,Região\n"
    'Sim,Host Person,host.person@example.org,"set. 6, 2022 06:50:00 PM",'
    '"set. 6, 2022 08:40:00 PM",110,Não,Brasil\n'
    "\n"
    "Secção B\n"
    "Veio,Utilizador,Correio,Entrada,Saída,Tempo (min),Convidado,Região\n"
    'Sim,Pan Elist,pan.elist@example.org,"set. 6, 2022 06:55:00 PM",'
    '"set. 6, 2022 08:40:00 PM",105,Não,Portugal\n'
    "\n"
    "Secção C\n"
    "Veio,Utilizador,Nome,Apelido,Correio,Telefone,Inscrição,Estado,Entrada,Saída,Tempo (min),"
    "Convidado,Onde vive,Região\n"
    'Sim,Ann One,Ann,One,ann.one@example.org,,"ago. 15, 2022 11:23:29",aprovado,'
    '"set. 6, 2022 07:02:00 PM","set. 6, 2022 07:47:00 PM",45,Não,Kenya,Portugal\n'
    'Sim,Ann One,Ann,One,ann.one@example.org,,"ago. 15, 2022 11:23:29",aprovado,'
    '"set. 6, 2022 07:50:00 PM","set. 6, 2022 08:20:00 PM",30,Não,Kenya,Portugal\n'
    'Sim,Bo Two,Bo,Two,bo.two@example.org,,"ago. 16, 2022 09:00:00",aprovado,'
    '"set. 6, 2022 07:05:00 PM","set. 6, 2022 08:30:00 PM",85,Não,Angola,Angola\n'
    'Não,Cy Three,Cy,Three,cy.three@example.org,,"ago. 17, 2022 10:00:00",aprovado,'
    "--,--,--,--,Ghana,\n"
    'Não,Di Four,Di,Four,di.four@example.org,,"ago. 18, 2022 10:00:00",aprovado,'
    "--,--,--,--,Ghana,\n"
)


def test_zoom_webinar_report_read_from_its_shape_and_values(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "relatorio.csv", ZOOM_WEBINAR_UNKNOWN_WORDS))
    assert result.source == "zoom-webinar"
    registrations = report_of(result, "registrations")
    attendance = report_of(result, "attendance")
    assert registrations.excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 1,
        "further join rows of the same registrant": 1,
    }
    assert attendance.excluded == {
        "hosts, not participants": 1,
        "panelists, not participants": 1,
        "registrants who did not attend": 2,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (4, 2)
    assert (figures["registration_countries"], figures["attendee_countries"]) == (3, 2)
    # The report says which columns were read from their values.
    assert attendance.column_map["Correio"] == "email"
    assert attendance.column_map["Entrada"] == "join_time"
    assert attendance.column_map["Tempo (min)"] == "minutes"
    assert registrations.column_map["Inscrição"] == "registered_at"
    assert registrations.recognised_from_values == ["Correio", "Inscrição", "Onde vive", "Região"]
    assert "(columns recognised from their values)" not in registrations.column_map
    cursor = event_db.cursor()
    assert cursor.execute(
        "select strftime(min(registered_at), '%Y-%m-%d %H:%M'), "
        "list(country_iso3 order by country_iso3) from registrations"
    ).fetchone() == ("2022-08-15 11:23", ["AGO", "GHA", "GHA", "KEN"])
    assert cursor.execute(
        "select strftime(min(join_time), '%Y-%m-%d %H:%M'), sum(minutes) from attendance"
    ).fetchone() == ("2022-09-06 19:02", 160.0)
    assert stored_outside_contacts(event_db, ["Ann One", "ann.one@example.org", "Pan Elist"]) == []


FORM_EXPORTS = sorted(
    [
        *(Path(__file__).parent / "fixtures" / "forms").glob("*.csv"),
        *(Path(__file__).parents[1] / "data" / "demo").rglob("*.csv"),
    ]
)


@pytest.mark.parametrize("path", FORM_EXPORTS, ids=[p.name for p in FORM_EXPORTS])
def test_survey_and_registration_files_are_not_taken_for_zoom_or_eventbrite(path):
    """Shape and value rules recognise Zoom and Eventbrite files in any language; no survey
    export and no generic registration or attendance file may be claimed by them."""
    from surveydash.readers import FileSample, score_readers

    scores = {
        s.reader.source: s.confidence for s in score_readers(FileSample.read(path, path.name))
    }
    claimed = {source: c for source, c in scores.items() if c > 0}
    assert not {s for s in claimed if s.startswith("zoom") or s == "eventbrite"}, claimed


def test_a_survey_with_titled_parts_and_dates_is_not_a_zoom_report(event_db, tmp_path):
    """A survey file with a one-cell title, addresses and two date columns, but no sections of
    people in Zoom's shape (no whole minutes after the times), stays a survey."""
    text = (
        "Feedback survey\n"
        "Started,Finished,Email,How useful was the session?,Comments\n"
        "09/06/2022 20:40,09/06/2022 20:44,ann.one@example.org,Very useful,Fine\n"
        "09/06/2022 20:41,09/06/2022 20:49,bo.two@example.org,Useful,More time\n"
        "09/06/2022 20:42,09/06/2022 20:45,cy.three@example.org,Very useful,\n"
    )
    from surveydash.readers import FileSample, score_readers

    path = write_csv(tmp_path / "feedback.csv", text)
    scores = {
        s.reader.source: s.confidence for s in score_readers(FileSample.read(path, path.name))
    }
    assert scores["zoom-webinar"] == 0


# An Eventbrite attendee export from an account in another language: no such export was found
# in public files ("Estado del asistente", "Statut du participant", "Fecha del pedido,Nombre,
# Apellido" searched), so the headers below are invented, not Eventbrite's. The reader must know
# it by Eventbrite's values: the order's number, each ticket's own attendee number, addresses,
# order dates, the statuses Eventbrite writes, country codes.
EVENTBRITE_UNKNOWN_WORDS = (
    "Pedido,Fecha,Nombre,Apellido,Correo,Cantidad,Entrada,Asistente,Estado,País,Organización\n"
    "1234567801,2022-08-15 10:23:45-04:00,Ann,One,ann.one@example.org,1,General,2345678901,"
    "Checked In,GH,Ministerio de Finanzas\n"
    "1234567802,2022-08-16 09:00:00-04:00,Bo,Two,bo.two@example.org,2,General,2345678902,"
    "Attending,MZ,Universidad\n"
    "1234567802,2022-08-16 09:00:00-04:00,Cy,Three,cy.three@example.org,2,General,2345678903,"
    "Checked In,MZ,Universidad\n"
    "1234567804,2022-08-17 14:30:00-04:00,Di,Four,di.four@example.org,1,General,2345678904,"
    "Refunded,ET,Ministerio de Salud\n"
)


def test_eventbrite_export_read_from_its_values(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "asistentes.csv", EVENTBRITE_UNKNOWN_WORDS))
    assert result.source == "eventbrite"
    registrations = report_of(result, "registrations")
    assert registrations.excluded == {"refunded tickets, not registrations": 1}
    assert report_of(result, "attendance").excluded == {
        "refunded tickets, not registrations": 1,
        "registered but not checked in": 1,
    }
    figures = headline(event_db)
    assert (figures["registrations"], figures["attendees"]) == (3, 2)
    assert (figures["registration_countries"], figures["attendee_countries"]) == (2, 2)
    assert registrations.column_map["Correo"] == "email"
    assert registrations.column_map["Fecha"] == "registered_at"
    assert registrations.recognised_from_values == ["Correo", "Fecha", "País"]
    assert event_db.cursor().execute(
        "select strftime(min(registered_at), '%Y-%m-%d %H:%M') from registrations"
    ).fetchone() == ("2022-08-15 10:23",)
    assert stored_outside_contacts(event_db, ["ann.one@example.org", "Ann"]) == []


def test_eventbrite_export_whose_statuses_are_not_known_holds_registrations_only(
    event_db, tmp_path
):
    """Statuses in words the reader does not know are not guessed: every ticket is a
    registration, and nothing is said about attendance."""
    text = (
        EVENTBRITE_UNKNOWN_WORDS.replace("Checked In", "Registrado")
        .replace("Attending", "Asistiendo")
        .replace("Refunded", "Asistiendo")
    )
    result = imported(event_db, write_csv(tmp_path / "asistentes.csv", text))
    assert result.source == "eventbrite"
    assert [report.kind for report in result.kinds] == ["registrations"]
    assert headline(event_db)["registrations"] == 4


# Row 1's meeting participants report saved again by a European spreadsheet: ';', cp1252,
# day-first dates without seconds, no day above 12 (a meeting on 6 September).
ZOOM_MEETING_RESAVED_IN_EUROPE = (
    "Meeting ID;Topic;Start Time;End Time;User Email;Duration (Minutes);Participants\r\n"
    "81234567890;Clínica;06/09/2022 10:00;06/09/2022 12:00;host.person@example.org;120;3\r\n"
    ";;;;;;\r\n"
    "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes);Guest;"
    "Recording Consent\r\n"
    "Ann One;ann.one@example.org;06/09/2022 09:54;06/09/2022 12:01;128;Yes;Y\r\n"
    "Host Person;host.person@example.org;06/09/2022 09:50;06/09/2022 12:02;132;No;Y\r\n"
    "Invité;;06/09/2022 10:08;06/09/2022 10:17;10;Yes;\r\n"
    ";;;;;;\r\n"
)


def test_zoom_meeting_report_saved_again_by_a_european_spreadsheet(event_db, tmp_path):
    path = write_csv(
        tmp_path / "participants.csv", ZOOM_MEETING_RESAVED_IN_EUROPE, encoding="cp1252"
    )
    result = imported(event_db, path)
    assert result.source == "zoom-meeting"
    assert report_of(result, "attendance").excluded == {
        "the meeting host, not a participant": 1,
        "attendees without an e-mail address (guests): counted apart": 1,
    }
    assert headline(event_db)["attendees"] == 1
    assert event_db.cursor().execute(
        "select strftime(join_time, '%Y-%m-%d %H:%M'), minutes from attendance"
    ).fetchall() == [("2022-09-06 09:54", 128.0)]


def test_the_cli_says_which_columns_it_recognised_from_their_values(capsys, tmp_path):
    from surveydash import cli

    database = tmp_path / "cli.duckdb"
    path = write_csv(tmp_path / "asistentes.csv", EVENTBRITE_UNKNOWN_WORDS)
    assert cli.main(["event", "add", "--db", str(database), "--title", "F", "--start",
                     "2022-09-06", "forum-2022"]) == 0  # fmt: skip
    assert cli.main(["import", "--db", str(database), str(path), "--event", "forum-2022"]) == 0
    out = capsys.readouterr().out
    assert out.count("recognised from their values (headers not known): Correo, Fecha, País") == 1


# -- Third pass (issue 10, branch `surveys`): survey exports re-saved, tool variants, scales ------


def _choice_counts(db, question: str) -> dict[str, int]:
    return {
        row["option"]: row["count"]
        for row in records(query(db, "choice_distribution", event_id=EVENT))
        if row["text"] == question
    }


def _submitted_range(db) -> tuple[str, str]:
    return (
        db.cursor()
        .execute(
            "select strftime(min(submitted_at), '%Y-%m-%d %H:%M'), "
            "strftime(max(submitted_at), '%Y-%m-%d %H:%M') from responses"
        )
        .fetchone()
    )


# A Google Forms CSV opened in Excel and saved again: Excel rewrites the timestamps in the
# machine's style without seconds, keeps the empty columns it saw as ",,", and writes "CSV
# UTF-8" with a byte order mark (US), "CSV" in cp1252 with ';' and day-first dates and decimal
# commas (a European Excel), or "Unicode text" (UTF-16, tab-separated).
GOOGLE_RESAVED_HEADER = [
    "Timestamp",
    "Email Address",
    "How would you rate the workshop overall?",
    "How many hours a week do you spend on the topic?",
    "What did you like most?",
    "",
    "",
]
GOOGLE_RESAVED_ROWS = [
    ["22/03/2025 19:13", "ann.one@example.org", "Excellent", "4,5", "The pace – clear", "", ""],
    ["22/03/2025 19:20", "bo.two@example.org", "Good", "2", "", "", ""],
    ["23/03/2025 08:02", "cy.three@example.org", "Very good", "3,5", "Examples", "", ""],
    ["", "", "", "", "", "", ""],
]


def _resaved(delimiter: str, encoding: str, day_first: bool, bom: str = "") -> bytes:
    def us(row):
        if not row[0]:
            return row
        day, month, rest = row[0][:2], row[0][3:5], row[0][6:]
        return [f"{int(month)}/{int(day)}/{rest}", *row[1:3], row[3].replace(",", "."), *row[4:]]

    rows = [GOOGLE_RESAVED_HEADER] + [r if day_first else us(r) for r in GOOGLE_RESAVED_ROWS]
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return (bom + text).encode(encoding)


@pytest.mark.parametrize(
    "content",
    [
        _resaved(",", "utf-8", day_first=False, bom="\ufeff"),
        _resaved(";", "cp1252", day_first=True),
        _resaved("\t", "utf-16", day_first=False),
    ],
    ids=["csv-utf8-bom", "european-cp1252-semicolon", "unicode-text-utf16-tab"],
)
def test_google_forms_csv_saved_again_by_excel(event_db, tmp_path, content):
    path = tmp_path / "Workshop feedback.csv"
    path.write_bytes(content)
    result = imported(event_db, path)
    assert result.source == "google-forms"
    assert kinds_of(result) == {
        "How would you rate the workshop overall?": "rating",
        "How many hours a week do you spend on the topic?": "number",
        "What did you like most?": "text",
    }
    summary = event_summary(event_db, EVENT)
    assert summary["responses"] == 3
    [rating] = summary["ratings"]
    assert (rating["n"], rating["mean"]) == (3, 4.0)
    [hours] = summary["numbers"]
    assert (hours["n"], hours["mean"]) == (3, 3.33)
    assert _submitted_range(event_db) == ("2025-03-22 19:13", "2025-03-23 08:02")
    assert stored_outside_contacts(event_db, ["@example.org"]) == []


# index file 70900482866 (a certificate tool's seed, "from ORIGIN 2026 Google Form export"): a
# form set up as a quiz without points writes `Score` as a bare `0`; the form asks the full name
# ("What's your full name? ", trailing space), a second address ("Where can we reach you? 📩
# (EMAIL)") and a phone number. Index files 70126864289 and 70827375646 (importers' tests):
# scores `28.00 / 30`, `13.5 / 15`. A file-upload question's answers are Drive links.
GOOGLE_QUIZ = (
    "Timestamp,Email address,Score,What's your full name? ,"
    "  Where can we reach you? \U0001f4e9  (EMAIL),Phone Number,  Which year are you in?  ,"
    "How would you rate the session?,Upload your assignment\n"
    "2026-10-10 16:32:40,ann.one@example.org,0,Ann One,ann.one@example.org,5550101,1st Year,4,"
    "https://drive.google.com/open?id=1AbCdEfGhIjK\n"
    "2026-10-10 16:34:14,bo.two@example.org,0,Bo Two,bo.two@example.org,5550102,2nd Year,5,"
    '"https://drive.google.com/open?id=1ZyXwV, https://drive.google.com/open?id=1QrStU"\n'
    "2026-10-10 16:35:14,cy.three@example.org,0,Cy Three,cy.three@example.org,5550103,1st Year,"
    "3,\n"
)


def test_google_forms_quiz_with_a_bare_score_an_upload_and_personal_questions(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "ORIGIN (Responses).csv", GOOGLE_QUIZ))
    assert result.source == "google-forms"
    # No score, no name, no second address, no phone, no Drive link among the questions.
    assert kinds_of(result) == {
        "Which year are you in?": "text",  # three answers: too few to show a closed list
        "How would you rate the session?": "rating",
    }
    summary = event_summary(event_db, EVENT)
    [rating] = summary["ratings"]
    assert (summary["responses"], rating["n"], rating["mean"]) == (3, 3, 4.0)
    assert (
        stored_outside_contacts(
            event_db, ["Ann One", "Bo Two", "Cy Three", "@example.org", "5550101", "drive.google"]
        )
        == []
    )


# SurveyMonkey's question bank words its 5-point answers "Extremely likely ... Not at all
# likely" (the same around every adjective), its 7-point satisfaction "Extremely satisfied,
# Moderately, Slightly ...", quality "Excellent, Above average, Average, Below average, Poor",
# and asks the recommend question from 0 to 10. Frequencies (Always ... Never) are no rating.
SURVEYMONKEY_SCALES = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
    "Last Name,Custom Data 1,How likely are you to use the toolkit?,How satisfied are you overall?,"
    "How would you rate the trainer?,How often do you use data in your work?,"
    "How likely is it that you would recommend this workshop to a friend or colleague?\n"
    ",,,,,,,,,Response,Response,Response,Response,Response\n"
    "114000001,250000001,03/22/2025 07:10:11 PM,03/22/2025 07:13:11 PM,198.51.100.1,"
    "ann.one@example.org,Ann,One,,Extremely likely,Extremely satisfied,Excellent,Always,10\n"
    "114000002,250000001,03/22/2025 07:15:11 PM,03/22/2025 07:20:11 PM,198.51.100.2,"
    "bo.two@example.org,Bo,Two,,Somewhat likely,Slightly satisfied,Average,Sometimes,7\n"
    "114000003,250000001,03/23/2025 08:00:11 AM,03/23/2025 08:02:11 AM,198.51.100.3,"
    "cy.three@example.org,Cy,Three,,Not so likely,Moderately dissatisfied,Below average,Never,"
    "6\n"
    "114000004,250000001,03/23/2025 09:00:11 AM,03/23/2025 09:02:11 AM,198.51.100.4,"
    "dee.four@example.org,Dee,Four,,Very likely,Moderately satisfied,Above average,Always,9\n"
)


def test_surveymonkey_question_bank_scales(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "Sheet_1.csv", SURVEYMONKEY_SCALES))
    assert result.source == "surveymonkey"
    questions = {q["text"]: q for report in result.kinds for q in report.questions}
    recommend = "How likely is it that you would recommend this workshop to a friend or colleague?"
    assert {text: q["kind"] for text, q in questions.items()} == {
        "How likely are you to use the toolkit?": "rating",
        "How satisfied are you overall?": "rating",
        "How would you rate the trainer?": "rating",
        # How often is not how good: four answers are too few for a closed list, so text.
        "How often do you use data in your work?": "text",
        recommend: "rating",
    }
    assert (questions[recommend]["scale_min"], questions[recommend]["scale_max"]) == (0, 10)
    assert questions["How satisfied are you overall?"]["scale_max"] == 7
    means = {r["text"]: (r["n"], r["mean"]) for r in event_summary(event_db, EVENT)["ratings"]}
    assert means == {
        "How likely are you to use the toolkit?": (4, 3.5),  # 5, 3, 2, 4
        "How satisfied are you overall?": (4, 5.0),  # 7, 5, 2, 6
        "How would you rate the trainer?": (4, 3.5),  # 5, 3, 2, 4
        recommend: (4, 8.0),
    }
    assert stored_outside_contacts(event_db, ["Ann", "@example.org", "198.51.100"]) == []


# SurveyMonkey's "numerical values" export: each answer is its option's position in the list
# (a checkbox column holds its option's number where a normal export writes the option), so
# a satisfaction question listed "Very satisfied" first answers 1 for the best: positions are
# choices, never ratings nor numbers. Row 2 still names each checkbox column's option.
SURVEYMONKEY_NUMERICAL = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
    "Last Name,Custom Data 1,How satisfied were you with the workshop?,"
    "Which topics interest you?,,,,What is your organization?,,Comments\n"
    ",,,,,,,,,Response,Data,Trade,Climate,Other (please specify),Response,"
    "Other (please specify),Open-Ended Response\n"
    "114000001,250000001,03/22/2025 07:10:11 PM,03/22/2025 07:13:11 PM,198.51.100.1,"
    "ann.one@example.org,Ann,One,,1,1,,3,,1,,Great\n"
    "114000002,250000001,03/22/2025 07:15:11 PM,03/22/2025 07:20:11 PM,198.51.100.2,"
    "bo.two@example.org,Bo,Two,,2,,2,,Gender,4,Research centre,\n"
    "114000003,250000001,03/23/2025 08:00:11 AM,03/23/2025 08:02:11 AM,198.51.100.3,"
    "cy.three@example.org,Cy,Three,,1,1,2,,,1,,Ok\n"
)


def test_surveymonkey_numerical_values_export(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "numerical.csv", SURVEYMONKEY_NUMERICAL))
    assert result.source == "surveymonkey"
    kinds = kinds_of(result)
    assert kinds["How satisfied were you with the workshop?"] == "single_choice"
    assert kinds["Which topics interest you?"] == "multiple_choice"
    assert kinds["What is your organization?"] == "single_choice"
    summary = event_summary(event_db, EVENT)
    assert (summary["responses"], summary["ratings"], summary["numbers"]) == (3, [], [])
    assert _choice_counts(event_db, "How satisfied were you with the workshop?") == {
        "Choice 1": 2,
        "Choice 2": 1,
    }
    assert _choice_counts(event_db, "Which topics interest you?") == {
        "Data": 2,
        "Trade": 2,
        "Climate": 1,
        "Other (please specify)": 1,
    }
    assert stored_outside_contacts(event_db, ["Ann", "@example.org", "198.51.100"]) == []


# LimeSurvey exported by an admin using LimeSurvey in German, headed as real German exports
# are (`Antwort ID,Datum Abgeschickt,Letzte Seite,Start-Sprache,Zufallsstartwert,Datum
# gestartet,Datum letzte Aktivität`: index files 58188945481, 53149066230, 20370364122), also
# re-saved by a German Excel (`%d.%m.%y %H:%M`, index file 27794901164), and in a language
# without a heading list: the fixed columns are then told by what they hold, as LimeSurvey
# always writes them first: the response number, the submit date (blank for an incomplete
# response), the last page, the start language's code, the seed, two dates, the IP address.
# A question without subquestions headed `Question? []`; the "Other" box `[Sonstiges]`.
LIMESURVEY_GERMAN = [
    ["Antwort ID", "Datum Abgeschickt", "Letzte Seite", "Start-Sprache", "Zufallsstartwert",
     "Datum gestartet", "Datum letzte Aktivität", "IP-Adresse",
     "Wie zufrieden waren Sie mit dem Kurs? []", "Welche Themen? [Daten]",
     "Welche Themen? [Handel]", "Welche Themen? [Sonstiges]", "Wie viele Personen hat Ihr Team?",
     "Kommentare"],
    ["1", "2025-03-22 19:13:11", "3", "de", "1234567", "2025-03-22 19:10:00",
     "2025-03-22 19:13:11", "198.51.100.1", "4", "Ja", "", "", "4", "Gut"],
    ["2", "2025-03-22 19:20:11", "3", "de", "2234567", "2025-03-22 19:15:00",
     "2025-03-22 19:20:11", "198.51.100.2", "5", "", "Ja", "Klima", "12", ""],
    ["3", "", "1", "de", "3234567", "2025-03-23 08:00:00", "2025-03-23 08:01:00",
     "198.51.100.3", "", "", "", "", "", ""],
    ["4", "2025-03-23 09:20:11", "3", "de", "4234567", "2025-03-23 09:15:00",
     "2025-03-23 09:20:11", "198.51.100.4", "3", "Ja", "Ja", "", "7", "Ok"],
]  # fmt: skip


def _limesurvey_as_exported(path):
    text = "\ufeff" + "".join(
        ";".join(f'"{cell}"' for cell in row) + "\r\n" for row in LIMESURVEY_GERMAN
    )
    return write_csv(path, text)


def _limesurvey_resaved_by_a_german_excel(path):
    # No quotes, cp1252, and the dates in the machine's style: two-digit year, no seconds.
    def local(cell):
        if len(cell) == 19 and cell[4] == "-" and cell[13] == ":":
            return f"{cell[8:10]}.{cell[5:7]}.{cell[2:4]} {cell[11:16]}"
        return cell

    text = "".join(";".join(local(cell) for cell in row) + "\r\n" for row in LIMESURVEY_GERMAN)
    return write_csv(path, text, encoding="cp1252")


def _limesurvey_in_italian(path):
    # Headings in a language the reader has no list for (Italian, as LimeSurvey's translation
    # is guessed here: not seen in a real file): the values alone tell the fixed columns.
    italian = ["ID risposta", "Data di invio", "Ultima pagina", "Lingua iniziale", "Seme",
               "Data di inizio", "Data ultima azione", "Indirizzo IP"]  # fmt: skip
    rows = [italian + LIMESURVEY_GERMAN[0][8:], *LIMESURVEY_GERMAN[1:]]
    return write_csv(path, "".join(",".join(row) + "\n" for row in rows))


@pytest.mark.parametrize(
    "write",
    [_limesurvey_as_exported, _limesurvey_resaved_by_a_german_excel, _limesurvey_in_italian],
    ids=["as-exported", "resaved", "headings-unknown"],
)
def test_limesurvey_from_an_admin_in_another_language(event_db, tmp_path, write):
    result = imported(event_db, write(tmp_path / "results-survey123456.csv"))
    assert result.source == "limesurvey"
    assert report_of(result, "survey").excluded == {"incomplete responses (not submitted)": 1}
    assert kinds_of(result) == {
        "Wie zufrieden waren Sie mit dem Kurs?": "rating",
        "Welche Themen?": "multiple_choice",
        "Welche Themen? [Sonstiges]": "text",
        "Wie viele Personen hat Ihr Team?": "number",
        "Kommentare": "text",
    }
    summary = event_summary(event_db, EVENT)
    [rating] = summary["ratings"]
    assert (summary["responses"], rating["n"], rating["mean"]) == (3, 3, 4.0)
    [team] = summary["numbers"]
    assert (team["n"], team["mean"]) == (3, 7.67)
    assert _choice_counts(event_db, "Welche Themen?") == {"Daten": 2, "Handel": 2, "Other": 1}
    assert _submitted_range(event_db) == ("2025-03-22 19:13", "2025-03-23 09:20")
    assert stored_outside_contacts(event_db, ["198.51.100", "1234567"]) == []


# Microsoft Forms re-saved (sheet `Sheet1`, a second sheet of charts, real date cells, numbers
# stored as numbers, 3.0 for a rating): a ranking question's answers are every option closed by
# ';' in the respondent's order, Likert rows `Question.Row`, the recommend question 0-10.
def _forms_workbook(path):
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name",
         "Rank these topics in order of priority", "Please rate the following.Content",
         "How likely are you to recommend this event to a colleague?",
         "Which sessions did you attend?", "Overall rating"]
    )  # fmt: skip
    answers = [
        ("Data;Trade;Climate;", "Agree", 9, "Opening;Panel;", 4),
        ("Trade;Data;Climate;", "Neutral", 10, "Panel;", 5),
        ("Climate;Data;Trade;", "Strongly agree", 6, "Opening;", 3.0),
    ]
    for number, (rank, likert, recommend, sessions, overall) in enumerate(answers, start=1):
        done = datetime.datetime(2025, 3, 22, 19, 10 + number)
        sheet.append(
            [number, done - datetime.timedelta(minutes=3), done, "anonymous", None, rank, likert,
             recommend, sessions, overall]
        )  # fmt: skip
    charts = workbook.create_sheet("Charts")
    charts.append(["Topic", "Count"])
    workbook.save(path)
    return path


def test_microsoft_forms_ranking_in_a_resaved_workbook(event_db, tmp_path):
    result = imported(event_db, _forms_workbook(tmp_path / "Feedback.xlsx"))
    assert result.source == "microsoft-forms"
    questions = {q["text"]: q for report in result.kinds for q in report.questions}
    rank = "Rank these topics in order of priority"
    assert {text: q["kind"] for text, q in questions.items()} == {
        f"{rank} [Data]": "number",
        f"{rank} [Trade]": "number",
        f"{rank} [Climate]": "number",
        "Please rate the following.Content": "rating",
        "How likely are you to recommend this event to a colleague?": "rating",
        "Which sessions did you attend?": "multiple_choice",
        "Overall rating": "rating",
    }
    summary = event_summary(event_db, EVENT)
    mean_rank = {n["text"]: n["mean"] for n in summary["numbers"]}
    assert mean_rank == {f"{rank} [Data]": 1.67, f"{rank} [Trade]": 2.0, f"{rank} [Climate]": 2.33}
    means = {r["text"]: (r["n"], r["mean"]) for r in summary["ratings"]}
    assert means["Overall rating"] == (3, 4.0)
    assert means["How likely are you to recommend this event to a colleague?"] == (3, 8.33)
    assert questions["How likely are you to recommend this event to a colleague?"]["scale_min"] == 0
    assert _choice_counts(event_db, "Which sessions did you attend?") == {"Opening": 2, "Panel": 2}
    assert _submitted_range(event_db) == ("2025-03-22 19:11", "2025-03-22 19:13")


# A SurveyMonkey CSV whose second header row (the answer labels) an analyst deleted before
# sharing, or saved with one header row: row 2 holds a respondent's ID, so it is a response,
# not labels; every question is then one column.
SURVEYMONKEY_ONE_HEADER_ROW = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
    "Last Name,Custom Data 1,How satisfied were you with the workshop?,Comments\n"
    "114000001,250000001,03/22/2025 07:10:11 PM,03/22/2025 07:13:11 PM,198.51.100.1,"
    "ann.one@example.org,Ann,One,,Very satisfied,Great\n"
    "114000002,250000001,03/22/2025 07:15:11 PM,03/22/2025 07:20:11 PM,198.51.100.2,"
    "bo.two@example.org,Bo,Two,,Satisfied,\n"
    "114000003,250000001,03/23/2025 08:00:11 AM,03/23/2025 08:02:11 AM,198.51.100.3,"
    "cy.three@example.org,Cy,Three,,Neither satisfied nor dissatisfied,Ok\n"
)


def test_surveymonkey_export_without_its_answer_label_row(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "Sheet_1.csv", SURVEYMONKEY_ONE_HEADER_ROW))
    assert result.source == "surveymonkey"
    assert kinds_of(result) == {
        "How satisfied were you with the workshop?": "rating",
        "Comments": "text",
    }
    summary = event_summary(event_db, EVENT)
    [rating] = summary["ratings"]
    # Before: the first response was taken for row 2's labels (2 responses, mean 3.5).
    assert (summary["responses"], rating["n"], rating["mean"]) == (3, 3, 4.0)
    assert _submitted_range(event_db) == ("2025-03-22 19:13", "2025-03-23 08:02")
    assert stored_outside_contacts(event_db, ["Ann", "Bo", "@example.org", "198.51.100"]) == []


# Microsoft Forms numbers a question whose title clashes with one of its own columns: an
# anonymous form asking "Name" and "Email" writes them as `Name2` and `Email2` beside its own
# `Name` and `Email` (`anonymous`); they are the respondent's name and address all the same.
def _forms_asking_name_and_email(path):
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name", "Name2", "Email2",
         "Phone number", "How satisfied are you with the course?"]
    )  # fmt: skip
    people = [("Ann One", "ann.one@example.org", "Very satisfied"),
              ("Bo Two", "bo.two@example.org", "Satisfied")]  # fmt: skip
    for number, (name, email, answer) in enumerate(people, start=1):
        done = datetime.datetime(2025, 3, 22, 19, 10 + number)
        sheet.append(
            [number, done, done, "anonymous", None, name, email, f"+1 555 010{number}", answer]
        )
    workbook.save(path)
    return path


def test_microsoft_forms_questions_numbered_for_clashing_with_its_columns(event_db, tmp_path):
    result = imported(event_db, _forms_asking_name_and_email(tmp_path / "Course.xlsx"))
    assert result.source == "microsoft-forms"
    assert kinds_of(result) == {"How satisfied are you with the course?": "rating"}
    [rating] = event_summary(event_db, EVENT)["ratings"]
    assert (rating["n"], rating["mean"]) == (2, 4.5)
    assert stored_outside_contacts(event_db, ["Ann One", "Bo Two", "@example.org", "555 010"]) == []


# SurveyMonkey from an account in a language whose column names the reader has no list for
# (German, as SurveyMonkey's translation is guessed here: not seen in a real export): the
# two header rows, row 2 blank under SurveyMonkey's own columns, long respondent IDs; the end
# date and the address told by their values; `Antwort` and `Offene Antwort` as row 2 labels.
SURVEYMONKEY_GERMAN = (
    "Befragten-ID,Sammler-ID,Startdatum,Enddatum,IP-Adresse,E-Mail-Adresse,Vorname,Nachname,"
    "Benutzerdefinierte Daten 1,Wie zufrieden waren Sie mit dem Workshop?,"
    "Welche Themen interessieren Sie?,,,Kommentare\n"
    ",,,,,,,,,Antwort,Daten,Handel,Klima,Offene Antwort\n"
    "114000000001,250000001,22.03.2025 19:10:11,22.03.2025 19:13:11,198.51.100.1,"
    "ann.one@example.org,Ann,One,,Sehr zufrieden,Daten,,Klima,Super\n"
    "114000000002,250000001,22.03.2025 19:15:11,22.03.2025 19:20:11,198.51.100.2,"
    "bo.two@example.org,Bo,Two,,Zufrieden,,Handel,,\n"
    "114000000003,250000001,23.03.2025 08:00:11,23.03.2025 08:02:11,198.51.100.3,"
    "cy.three@example.org,Cy,Three,,Unzufrieden,Daten,Handel,,Ok\n"
)


def test_surveymonkey_from_an_account_in_a_language_without_a_column_list(event_db, tmp_path):
    result = imported(event_db, write_csv(tmp_path / "Daten_1.csv", SURVEYMONKEY_GERMAN))
    assert result.source == "surveymonkey"
    assert kinds_of(result) == {
        "Wie zufrieden waren Sie mit dem Workshop?": "rating",
        "Welche Themen interessieren Sie?": "multiple_choice",
        "Kommentare": "text",
    }
    summary = event_summary(event_db, EVENT)
    [rating] = summary["ratings"]
    assert (summary["responses"], rating["n"], rating["mean"]) == (3, 3, 3.67)  # 5, 4, 2
    assert _choice_counts(event_db, "Welche Themen interessieren Sie?") == {
        "Daten": 2,
        "Handel": 2,
        "Klima": 1,
    }
    assert _submitted_range(event_db) == ("2025-03-22 19:13", "2025-03-23 08:02")
    assert event_db.cursor().execute("select count(*) from contacts").fetchone()[0] == 3
    assert stored_outside_contacts(event_db, ["Ann", "Bo", "@example.org", "198.51.100"]) == []


# LimeSurvey's "question code & question text" headings from an admin in a language without a
# heading list (Italian guessed: not seen in a real export): `id. ID risposta`, `submitdate.
# Data di invio`, `Q2[SQ001]. Quali temi? [Dati]`. The codes are LimeSurvey's own in every
# language, so the separator is found from them; ticked options `Sì`.
LIMESURVEY_BOTH_ITALIAN = [
    ["id. ID risposta", "submitdate. Data di invio", "lastpage. Ultima pagina",
     "startlanguage. Lingua iniziale", "seed. Seme", "Q1. Quanto è soddisfatto del corso?",
     "Q2[SQ001]. Quali temi? [Dati]", "Q2[SQ002]. Quali temi? [Commercio]", "Q3. Commenti"],
    ["1", "2025-03-22 19:13:11", "3", "it", "123", "Molto soddisfatto", "Sì", "", "Bene"],
    ["2", "", "1", "it", "223", "", "", "", ""],
    ["3", "2025-03-23 08:02:11", "3", "it", "323", "Soddisfatto", "Sì", "Sì", ""],
    ["4", "2025-03-23 09:02:11", "3", "it", "423", "Insoddisfatto", "", "Sì", "Ok"],
]  # fmt: skip


def test_limesurvey_code_and_text_headings_in_another_language(event_db, tmp_path):
    text = "\ufeff" + "".join(
        ";".join(f'"{cell}"' for cell in row) + "\r\n" for row in LIMESURVEY_BOTH_ITALIAN
    )
    result = imported(event_db, write_csv(tmp_path / "results-survey654321.csv", text))
    assert result.source == "limesurvey"
    assert report_of(result, "survey").excluded == {"incomplete responses (not submitted)": 1}
    assert kinds_of(result) == {
        "Quanto è soddisfatto del corso?": "rating",
        "Quali temi?": "multiple_choice",
        "Commenti": "text",
    }
    [rating] = event_summary(event_db, EVENT)["ratings"]
    assert (rating["n"], rating["mean"]) == (3, 3.67)  # 5, 4, 2
    assert _choice_counts(event_db, "Quali temi?") == {"Dati": 2, "Commercio": 2}


# LimeSurvey's export options "Convert Y to" and "Convert N to" (application/helpers/admin/
# export/Writer.php, transformResponseValue: multiple-choice and yes/no answers) write ticked
# and unticked options as the admin chose: `1`/`0`, `Y`/`N`; LimeSurvey's "abbreviated
# headings" cut question texts at 15 characters closed by ".. " and keep each subquestion in
# brackets (getAbbreviatedHeading).
LIMESURVEY_CONVERTED_TICKS = (
    '"Response ID","Date submitted","Last page","Start language","Seed",'
    '"How satisfied w.. ","Which topics in.. [Data]","Which topics in.. [Trade]",'
    '"Which topics in.. [Climate]"\r\n'
    '"1","2025-03-22 19:13:11","2","en","123","Very satisfied","1","0","1"\r\n'
    '"2","2025-03-22 19:20:11","2","en","223","Satisfied","0","1","0"\r\n'
    '"3","2025-03-23 08:02:11","2","en","323","Dissatisfied","1","1","0"\r\n'
)


def test_limesurvey_ticks_converted_and_headings_abbreviated(event_db, tmp_path):
    result = imported(
        event_db, write_csv(tmp_path / "results-survey777.csv", LIMESURVEY_CONVERTED_TICKS)
    )
    assert result.source == "limesurvey"
    assert kinds_of(result) == {
        "How satisfied w..": "rating",
        "Which topics in..": "multiple_choice",
    }
    [rating] = event_summary(event_db, EVENT)["ratings"]
    assert (rating["n"], rating["mean"]) == (3, 3.67)
    assert _choice_counts(event_db, "Which topics in..") == {"Data": 2, "Trade": 2, "Climate": 1}


# A Google Sheet downloaded as XLSX after the analyst added a summary sheet in front of the
# form's own "Form Responses 1": the responses are read from the form's sheet, not the summary.
def _sheet_with_a_summary_first(path):
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    for row in [["Rating", "Count"], ["Excellent", 1], ["Good", 1]]:
        summary.append(row)
    responses = workbook.create_sheet("Form Responses 1")
    responses.append(["Timestamp", "Email Address", "How would you rate the workshop?", "Comments"])
    for minute, (email, rating, comment) in enumerate(
        [
            ("ann.one@example.org", "Excellent", "Good"),
            ("bo.two@example.org", "Good", None),
            ("cy.three@example.org", "Very good", "Fine"),
        ]  # fmt: skip
    ):
        responses.append([datetime.datetime(2025, 3, 22, 19, minute), email, rating, comment])
    workbook.save(path)
    return path


def test_google_sheet_workbook_with_a_summary_sheet_in_front(event_db, tmp_path):
    result = imported(event_db, _sheet_with_a_summary_first(tmp_path / "Feedback.xlsx"))
    assert result.source == "google-forms"
    assert kinds_of(result) == {"How would you rate the workshop?": "rating", "Comments": "text"}
    summary = event_summary(event_db, EVENT)
    [rating] = summary["ratings"]
    assert (summary["responses"], rating["n"], rating["mean"]) == (3, 3, 4.0)
    assert stored_outside_contacts(event_db, ["@example.org"]) == []
