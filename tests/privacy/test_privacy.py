"""est_cli.privacy on its edges: which numbers are personnummer, which are phones, and the last pass
over everything ingest keeps (file and sheet names, cell text quoted in findings)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from est_cli.ingest import Options, ingest
from est_cli.privacy import MASK, email_spans, mask_personnummer, phone_spans
from est_cli.readers.base import Grid, ReadResult, Source
from est_cli.schema import SchemaError, load_schema, parse_schema

# Valid check digits (Luhn), valid dates: 1964-08-23, 2000-02-29, samordningsnummer 64-08-(23+60), 1912-12-12.
PNR = "640823-3234"


@pytest.mark.parametrize(
    "text",
    [
        "ringde 640823-3234 i går",
        "6408233234",
        "640823 3234",  # space separator
        "640823\u00a03234",  # no-break space
        "640823–3234",  # Word's autocorrected dash
        "19640823-3234",  # 12 digits with century
        "196408233234",
        "121212+1212",  # '+': 100 years or older
        "19121212-1212",
        "000229-1235",  # 29 Feb 2000: a leap day only in 20xx
        "20000229-1235",
        "640883-3231",  # samordningsnummer (day + 60)
        "19640883-3231",
        "pnr640823-3234",  # next to letters
        "640823-3234abc",
        "(640823-3234)",
    ],
)
def test_personnummer_forms_masked(text):
    masked, n = mask_personnummer(text)
    assert n == 1 and MASK in masked, masked
    assert not any(ch.isdigit() for ch in masked.replace(MASK, "")), masked


@pytest.mark.parametrize(
    "text",
    [
        "640823-3235",  # wrong check digit
        "6408233235",
        "641323-3234",  # month 13
        "640230-3233",  # 30 February (check digit valid for the digits)
        "650229-1234",  # 29 Feb in a year that has none
        "21640823-3234",  # century 21
        "diarienr 20196408233234",  # 14 digits: a longer number, not a personnummer inside it
        "1964082332341",  # 13 digits
        "64082332341",  # 11 digits
        "2026-11-18 kl 21:30",
        "v. 46–47, 12 st",
    ],
)
def test_not_personnummer(text):
    assert mask_personnummer(text) == (text, 0)


def test_several_in_one_text():
    masked, n = mask_personnummer("640823-3234 och 19121212-1212, samt 640883-3231.")
    assert n == 3 and masked == f"{MASK} och {MASK}, samt {MASK}."


# ------------------------------------------------------------------ phone numbers and e-mail


@pytest.mark.parametrize(
    "text",
    [
        "070-123 45 67",
        "+46 70 123 45 67",
        "08-123 456 78",
        "019-12 34 56",
        "0701234567",
        "+46701234567",
        "0046 70-123 45 67",
        "+46 (0)70-123 45 67",
        "031-123 45 67",
        "0271-123 45",
        "ring 070-123 45 67 2 st",
        "tel:073-1234567",
        "tel.08-123 456 78",
    ],
)
def test_phone_numbers_found(text):
    assert (len(phone_spans(text)), email_spans(text)) == (1, [])


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-18",
        "18/11-2026",
        "05-11-2026",
        "v. 46–47",
        "v.05-06",
        "veckorna 45-47",
        "kl 21:30",
        "08:00-10:00",
        "kl 0800-1000",
        "kl 08-17",
        "15 ungdomar",
        "3 st",
        "0,5 km",
        "Dnr 2026-00123",
        "KS 2019/0123",
        "ärende 00123-2026",
        "diarienr 0123-45678901234",
        "ordernr 1234567890123",
        "0123456789",
        "640823-3234",
        "19640823-3234",
        "051218-9875",
        "ca 20-30 personer",
        "070",
    ],
)
def test_no_false_phone(text):
    plain = mask_personnummer(text)[0]  # as individdata looks: personnummer are masked first
    assert (phone_spans(plain), email_spans(plain)) == ([], [])


def test_email_found_and_masked():
    text = "mejla anna.svensson@orebro.se eller info@öbo.se"
    assert [text[a:b] for a, b in email_spans(text)] == ["anna.svensson@orebro.se", "info@öbo.se"]
    assert phone_spans(text) == []
    assert email_spans("@SUM(A1) och a@b och x@y.z1") == []


# ------------------------------------------------------------------ the schema option

SCHEMA = """id: egen
name: Egen
privacy:
  warn_phone: {phone}
  warn_email: {email}
sections:
  - id: a
    title: A
    items:
      - {{id: skadegorelse, label: Skadegörelse, theme: skadegorelse}}
"""


def run(grids, schema, name="f.xlsx"):
    source = Source(name=name, fmt="xlsx", grids=grids)
    result = ingest(ReadResult(Path(name), "0" * 64, [source]), schema, Options(today=date(2026, 11, 20)))
    assert result.rows_read == result.rows_stored + result.rows_rejected
    return result


def rows(comment="", place="", reporter="Områdespolis", area="Vivalla"):
    return [
        ["Vecka", "2026-W47"],
        ["Område", area],
        ["Organisation", "Polis"],
        ["Rapportör", reporter],
        [],
        ["Punkt", "Förekomst", "Plats", "Kommentar"],
        ["Skadegörelse", "Ja", place, comment],
    ]


def test_privacy_option_defaults_off_and_is_checked():
    for builtin in ("orebro", "boras", "malmo"):
        privacy = load_schema(builtin).privacy
        assert (privacy.warn_phone, privacy.warn_email) == (False, False)
    with pytest.raises(SchemaError) as caught:
        parse_schema(
            SCHEMA.format(phone="kanske", email="true").replace("  warn_email", "  warn_fax: true\n  warn_email"),
            "e.yaml",
        )
    assert caught.value.problems == [
        "rad 4: 'warn_phone' ska vara true eller false, inte 'kanske'",
        "rad 5: okänd nyckel 'warn_fax'",
    ]


def test_contacts_masked_naming_the_cell_without_repeating_them():
    """Phone numbers and e-mail addresses are masked before storing, whatever the schema's old
    `privacy:` option says (it only chose warnings, from before they were always masked)."""
    schema = parse_schema(SCHEMA.format(phone="false", email="false"), "e.yaml")
    grid = Grid(
        "Vivalla",
        rows(
            "Ring 070-123 45 67 eller mejla a.b@exempel.se",
            "Torget, tel 019-12 34 56",
            reporter="Fältgruppen, fg@orebro.se",
        ),
    )
    result = run([grid], schema)
    found = sorted((f.location.cell, f.code) for f in result.findings if f.code.endswith("-masked"))
    assert found == [("B4", "email-masked"), ("C7", "phone-masked"), ("D7", "email-masked"), ("D7", "phone-masked")]
    message = next(f.message for f in result.findings if f.code == "phone-masked" and f.location.cell == "D7")
    assert message.startswith("Ett telefonnummer togs bort ur texten ([telefon]).") and "070" not in message
    assert result.reports[0].observations[0].comment == "Ring [telefon] eller mejla [e-post]"
    assert result.reports[0].observations[0].place == "Torget, tel [telefon]"
    assert result.reports[0].reporter == "Fältgruppen, [e-post]"
    assert result.status == "warnings" and result.rows_stored == 1


def test_no_contacts_found_in_what_only_looks_like_them():
    on = parse_schema(SCHEMA.format(phone="true", email="true"), "e.yaml")
    quiet = rows("v. 46–47 ca 15 ungdomar 2026-11-18 kl 21:30-23, Dnr 2026-00123, pnr 640823-3234", "Torget 0800-1000")
    codes = [f.code for f in run([Grid("Vivalla", quiet)], on).findings]
    assert codes == ["personnummer-masked"]


# ------------------------------------------------------------------ the last pass before storage


def test_personnummer_in_names_and_quoted_cells_masked_with_a_warning(orebro):
    grid = Grid(
        "Rapport 640823-3234",
        [
            ["Vecka", "2026-W47"],
            ["Organisation", "Polis"],
            ["Rapportör", "Områdespolis"],
            [],
            ["Punkt", "Förekomst", "Antal", "Allvarlighetsgrad"],
            ["Skadegörelse", "640823-3234", "", ""],  # rejected row: the value is quoted in the finding
            ["Brand", "Ja", "19640823-3234", ""],
            ["Arrangemang", "Ja", "", "6408233234"],
        ],
    )
    other = Grid("Område 121212+1212", [["Vecka", "2026-W47"], [], ["Punkt", "Förekomst"], ["Brand", "Ja"]])
    result = run([grid, other], orebro, name="v47 640823-3234.xlsx")
    everything = repr((result.reports, result.findings, result.notes))  # result.path stays the real path
    for form in ("640823", "6408233234", "121212"):
        assert form not in everything, form
    masked = {(f.location.sheet, f.location.cell) for f in result.findings if f.code == "personnummer-masked"}
    sheet = f"Rapport {MASK}"
    assert {(sheet, "B6"), (sheet, "C7"), (sheet, "D8"), (sheet, None), (f"Område {MASK}", None)} <= masked
    assert result.reports[0].sheet == sheet and result.reports[0].source_name == f"v47 {MASK}.xlsx"
    assert result.reports[1].area == f"Område {MASK}"


def test_path_in_file_level_findings_masked(orebro, tmp_path):
    from est_cli.ingest import ingest_path

    result = ingest_path(tmp_path / "saknas 640823-3234.xlsx", orebro)
    assert [f.code for f in result.findings] == ["file-not-found", "personnummer-masked"]
    assert "640823" not in result.findings[0].message


def test_personnummer_at_the_end_of_a_long_time_text_masked_whole(orebro):
    """A personnummer at the end of a long Tid text is masked whole (the cell is masked before it is
    read as a time, and the time text is no longer cut to 40 characters) and the row is not counted."""
    text = "någon gång under kvällen, troligen 19640823-3234"
    grid = Grid(
        "Vivalla",
        [
            ["Vecka", "2026-W47"],
            ["Organisation", "Polis"],
            ["Rapportör", "Områdespolis"],
            [],
            ["Punkt", "Förekomst", "Tid"],
            ["Brand", "Ja", text],
        ],
    )
    result = run([grid], orebro)
    assert "19640823" not in repr((result.reports, result.findings)) and "640823" not in repr(result.reports)
    assert ("C6", "personnummer-masked") in {(f.location.cell, f.code) for f in result.findings}
    assert (result.rows_read, result.rows_stored, result.rows_rejected) == (1, 0, 1)
