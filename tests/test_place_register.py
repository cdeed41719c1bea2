"""The workspace's place register (platser.csv) as coordinators save it – UTF-8 with or without a BOM,
Excel's semicolon CSV in Windows encoding, headers in any case – and the messages when it cannot be
used: the file and the row, never a traceback. Writing it back keeps every other row and column."""

from __future__ import annotations

import pytest

from est_cli.place_register import REGISTER_FILE, RegisterError, add_aliases, load_register
from est_cli.places import place_key

TUNNEL = "Gångtunneln vid Bettorpsgatan"


def save(root, text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    (root / REGISTER_FILE).write_bytes(text.replace("\n", newline).encode(encoding))


def summary(root) -> list[tuple[str, str, tuple[str, ...], int]]:
    return [(p.name, p.area, p.aliases, p.row) for p in load_register(root).places]


def problem(root) -> str:
    with pytest.raises(RegisterError) as caught:
        load_register(root)
    return caught.value.message


def test_utf8_with_bom_and_commas(tmp_path):
    save(tmp_path, f'plats,alias,område\n{TUNNEL},"Bettorpsgatan tunneln; Tunneln Bettorpsg.",Vivalla\n', "utf-8-sig")
    assert summary(tmp_path) == [(TUNNEL, "Vivalla", ("Bettorpsgatan tunneln", "Tunneln Bettorpsg."), 2)]
    register = load_register(tmp_path)
    assert register.key("vivalla", "Bettorpsgatan, tunneln") == place_key(TUNNEL)
    assert register.key("vivalla", "tunneln  Bettorpsg") == place_key(TUNNEL)
    assert register.key("baronbackarna", "Bettorpsgatan tunneln") == "bettorpsgatan tunneln"  # another area
    assert register.key("vivalla", "") == ""


def test_excel_semicolon_csv_in_windows_encoding_with_odd_headers_and_blank_rows(tmp_path):
    # What Excel on a Swedish Windows saves as "CSV (semikolonavgränsad)": cp1252, semicolons, CRLF,
    # quotes only around a cell holding a semicolon, trailing empty cells of a wider row.
    text = (
        " PLATS ;Alias;OMRÅDE;Anteckning\n"
        "\n"
        'Vivalla centrum;"Vivalla C;Centrum";Vivalla;norr om torget\n'
        ";;;\n"
        "Lertagsgatan;;vivalla;\n"
        "Bettorpsgatan;Bettorpsg.;Baronbackarna;\n"
    )
    save(tmp_path, text, "cp1252", "\r\n")
    assert summary(tmp_path) == [
        ("Vivalla centrum", "Vivalla", ("Vivalla C", "Centrum"), 3),
        ("Lertagsgatan", "vivalla", (), 5),
        ("Bettorpsgatan", "Baronbackarna", ("Bettorpsg.",), 6),
    ]
    register = load_register(tmp_path)
    assert register.delimiter == ";" and register.key("vivalla", "centrum") == "centrum vivalla"


def test_a_utf16_unicode_text_export_is_read(tmp_path):
    save(tmp_path, "plats\talias\tområde\nTorget\tTorg\tNorrby\n", "utf-16")
    assert summary(tmp_path) == [("Torget", "Norrby", ("Torg",), 2)]


def test_no_file_is_an_empty_register(tmp_path):
    register = load_register(tmp_path)
    assert register.places == [] and not register.exists
    assert register.key("vivalla", "Vivalla centrum") == "centrum vivalla"


def test_problems_name_the_file_and_the_row(tmp_path):
    save(
        tmp_path,
        "plats;alias;område\n"
        f"{TUNNEL};;Vivalla\n"
        "Bettorpsgatan, gångtunneln;;Vivalla\n"  # the same place: word order and "vid" do not count
        "Torget;Vivalla C;Vivalla\n"
        "Centrum;Vivalla C;Vivalla\n"  # one alias, two places
        "Skolan;Torget;Vivalla\n"  # an alias that is another place
        ";Något;Vivalla\n"
        "Parken;;\n",
    )
    message = problem(tmp_path)
    assert message.splitlines()[0].startswith(str(tmp_path / REGISTER_FILE))
    rows = [line.split(":")[0] for line in message.splitlines()[1:]]
    assert rows == ["rad 3", "rad 5", "rad 6", "rad 7", "rad 8"]
    assert f"står redan på rad 2 ('{TUNNEL}')" in message
    assert "'Vivalla C' står redan för 'Torget' på rad 4" in message
    assert "aliaset 'Torget' är platsen 'Torget' på rad 4" in message
    assert "området saknas för 'Parken'" in message
    # The same place in two areas is two places.
    save(tmp_path, f"plats;område\n{TUNNEL};Vivalla\n{TUNNEL};Baronbackarna\n")
    assert len(summary(tmp_path)) == 2


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"namn;alias;omr\xc3\xa5de\nTorget;;Vivalla\n", "kolumnen plats saknas"),
        (b"plats;alias\nTorget;Torg\n", "kolumnen område saknas"),
        (b"plats;plats;omrade\n", "kolumnen plats finns två gånger"),
        (b"plats;omr\x8fde\nTorget;Vivalla\n", "varken UTF-8 eller Windows-kodning"),
        (b"PK\x03\x04 an xlsx saved under the csv name", "Excel-arbetsbok"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(tmp_path, content, said):
    (tmp_path / REGISTER_FILE).write_bytes(content)
    message = problem(tmp_path)
    assert said in message and str(tmp_path / REGISTER_FILE) in message


def test_the_fingerprint_is_what_the_register_changes(tmp_path):
    save(tmp_path, f"plats;alias;område\n{TUNNEL};Bettorpsgatan tunneln;Vivalla\n")
    first = load_register(tmp_path).fingerprint()
    save(
        tmp_path,
        f"Område,Plats,Alias,Anteckning\nVivalla,{TUNNEL},Bettorpsgatan tunneln,mörkt\nVivalla,Ny plats,,\n",
        "cp1252",
    )
    assert load_register(tmp_path).fingerprint() == first  # other encoding, columns, a place without aliases
    save(tmp_path, f"plats;alias;område\n{TUNNEL};Bettorpsgatan tunneln;Baronbackarna\n")
    assert load_register(tmp_path).fingerprint() != first


def test_add_aliases_creates_the_file_for_excel(tmp_path):
    edit = add_aliases(
        load_register(tmp_path), TUNNEL, ["Bettorpsgatan tunneln", "Bettorpsgatan, gångtunneln"], "Vivalla"
    )
    data = (tmp_path / REGISTER_FILE).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert data.decode("utf-8-sig").splitlines() == ["plats;alias;område", f"{TUNNEL};Bettorpsgatan tunneln;Vivalla"]
    assert (edit.row, edit.new_row, edit.new_file, edit.added) == (2, True, True, ["Bettorpsgatan tunneln"])


def test_add_aliases_keeps_every_other_row_and_column(tmp_path):
    text = (
        "Plats;Område;Alias;Lat;Lon\n"
        "Vivalla centrum;Vivalla;Vivalla C;59,2796;15,1503\n"
        "\n"
        f"{TUNNEL};Vivalla;;59,27;15,14\n"
        "Torget;Norrby;'=kolla;;\n"
    )
    save(tmp_path, text, "cp1252", "\r\n")
    edit = add_aliases(load_register(tmp_path), TUNNEL, ["Bettorpsgatan tunneln", TUNNEL], "Vivalla")
    assert (edit.row, edit.place, edit.new_row, edit.new_file) == (4, TUNNEL, False, False)
    lines = (tmp_path / REGISTER_FILE).read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines == [
        "Plats;Område;Alias;Lat;Lon",
        "Vivalla centrum;Vivalla;Vivalla C;59,2796;15,1503",
        "",
        f"{TUNNEL};Vivalla;Bettorpsgatan tunneln;59,27;15,14",
        "Torget;Norrby;'=kolla;;",
        "",
    ]
    again = add_aliases(load_register(tmp_path), TUNNEL, ["Tunneln", "Bettorpsgatan tunneln"], "Vivalla")
    assert again.added == ["Tunneln"]
    assert f'{TUNNEL};Vivalla;"Bettorpsgatan tunneln; Tunneln";59,27;15,14' in (tmp_path / REGISTER_FILE).read_text(
        "utf-8-sig"
    )
    assert load_register(tmp_path).places[-1].aliases == ("=kolla",)  # read as text, written back as it was


def test_add_aliases_never_writes_a_register_that_cannot_be_read(tmp_path):
    save(tmp_path, "plats;alias;område\nTorget;;Vivalla\nCentrum;;Vivalla\n")
    before = (tmp_path / REGISTER_FILE).read_bytes()
    with pytest.raises(RegisterError):
        add_aliases(load_register(tmp_path), "Torget", ["Centrum"], "Vivalla")  # Centrum is a place of its own
    assert (tmp_path / REGISTER_FILE).read_bytes() == before
