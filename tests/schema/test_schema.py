import json

import pytest

from est_cli.schema import THEMES, SchemaError, load_schema, parse_schema


def test_builtin_schemas_have_every_item_verbatim(orebro, boras, malmo):
    assert [i.label for i in orebro.items] == [
        "Skadegörelse",
        "Brand",
        "Incident mot anställd",
        "Arrangemang",
        "Samlingsplats för ungdomar",
        "Annat otrygghetsskapande/ordningsstörande",
        "Otrygg plats",
        "Övrigt",
    ]
    assert orebro.items[0].help.startswith("Skadegörelse innefattar exempelvis krossade glasrutor")
    assert len(boras.items) == 16 and boras.items[-1].label == "Övrigt" and boras.cadence == "biweekly"
    assert [s.title for s in malmo.sections] == [
        "Brottsutveckling under veckan",
        "Bostadsområden",
        "Skolor och fritidsgårdar",
        "Kommunen/stadsdelen och omvärlden",
    ]
    assert [len(s.items) for s in malmo.sections] == [18, 4, 7, 2]
    assert malmo.sections[0].reported_by == ["polis"]
    for schema in (orebro, boras, malmo):
        assert all(item.theme in THEMES for item in schema.items)


def test_botkyrka_tertial_themes_are_expressible():
    for theme in ("narkotika", "vald_hot", "skadegorelse", "otillaten_paverkan", "ordningsstorning", "samlingsplatser"):
        assert theme in THEMES


BAD = """\
id: egen
name: Egen checklista
sections:
  - id: a
    title: A
    colour: red
    items:
      - id: brand
        label: Brand
        theme: eld
      - label: Klotter
        theme: skadegorelse
"""


def test_schema_errors_name_the_line():
    with pytest.raises(SchemaError) as caught:
        parse_schema(BAD, "egen.yaml")
    assert sorted(caught.value.problems) == sorted(
        [
            "rad 6: okänd nyckel 'colour'",
            "rad 10: okänt tema 'eld'; tillåtna: " + ", ".join(THEMES),
            "rad 11: nyckeln 'id' saknas",
        ]
    )


def test_duplicate_ids_and_labels_are_errors():
    text = """\
id: egen
name: Egen
sections:
  - id: a
    title: A
    items:
      - id: brand
        label: Brand
        theme: brand
      - id: eld
        label: Eld
        aliases: [brand]
        theme: brand
      - id: brand
        label: Brand igen
        theme: brand
"""
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "egen.yaml")
    assert caught.value.problems == [
        "rad 10: rubriken eller aliaset 'brand' används redan av punkten 'brand' i samma avsnitt",
        "rad 14: punkten 'brand' finns redan (id måste vara unika)",
    ]


def test_broken_yaml_names_the_line():
    with pytest.raises(SchemaError) as caught:
        parse_schema("id: x\nname: [oavslutad\nsections: []\n", "x.yaml")
    assert caught.value.problems[0].startswith("rad 3: filen är inte giltig YAML")


def test_show_json_shape(orebro):
    data = orebro.as_dict()
    assert list(data) == ["id", "name", "cadence", "sections"]
    assert list(data["sections"][0]) == ["id", "title", "reported_by", "items"]
    assert data["sections"][0]["items"][0] == {
        "id": "skadegorelse",
        "label": "Skadegörelse",
        "aliases": ["Klotter", "Skadegörelse/klotter", "Klotter och skadegörelse", "Nedskräpning"],
        "theme": "skadegorelse",
        "kind": "problem",
        "signal": 0,
        "help": "Skadegörelse innefattar exempelvis krossade glasrutor på byggnader eller bilar, nedskräpning samt klotter.",
    }
    json.dumps(data, ensure_ascii=False)


def test_custom_schema_file_loads(tmp_path):
    path = tmp_path / "botkyrka.yaml"
    path.write_text(
        "id: botkyrka\nname: Botkyrka\nsections:\n  - id: s\n    title: S\n    items:\n"
        "      - {id: narkotika, label: Narkotika, theme: narkotika}\n",
        "utf-8",
    )
    schema = load_schema(path)
    assert schema.items[0].id == "narkotika" and schema.cadence == "weekly"


@pytest.mark.parametrize(
    ("written", "builtin"),
    [("borås", "boras"), ("Örebro", "orebro"), ("MALMÖ", "malmo"), (" Malmö ", "malmo"), ("orebro", "orebro")],
)
def test_builtin_ids_accept_swedish_letters_and_case(written, builtin):
    assert load_schema(written).id == load_schema(builtin).id == builtin


def test_a_path_that_folds_to_an_id_is_still_a_path(tmp_path):
    """'./orebro' is a file, not the built-in schema; a file path with å/ä/ö loads as a file."""
    with pytest.raises(SchemaError) as caught:
        load_schema("./orebro")
    assert "okänd checklista" in caught.value.message
    path = tmp_path / "Örebro egen.yaml"
    path.write_text(
        "id: egen\nname: Egen\nsections:\n  - id: s\n    title: S\n    items:\n"
        "      - {id: brand, label: Brand, theme: brand}\n",
        "utf-8",
    )
    assert load_schema(path).id == "egen" and load_schema(str(path)).id == "egen"


@pytest.mark.parametrize("unknown", ["göteborg", "Örebrö2", "x"])
def test_unknown_id_keeps_its_message(unknown):
    with pytest.raises(SchemaError) as caught:
        load_schema(unknown)
    assert "okänd checklista; inbyggda är orebro, boras, malmo" in caught.value.message
