"""The hardened parser: hostile configs are refused fast and say why."""

from __future__ import annotations

import time

import pytest

from labelcore.config import MAX_CONFIG_BYTES, MAX_DEPTH, ConfigInvalid

SIMPLE = '<View><Text name="text" value="$text"/>{}</View>'
CHOICES = '<Choices name="c" toName="text"><Choice value="a"/></Choices>'

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<View><Header value="&lol9;"/><Text name="text" value="$text"/>
<Choices name="c" toName="text"><Choice value="&lol9;"/></Choices></View>
"""


def refused(compiler, config, within=1.0) -> ConfigInvalid:
    started = time.perf_counter()
    with pytest.raises(ConfigInvalid) as caught:
        compiler.compile(config)
    assert time.perf_counter() - started < within
    return caught.value


def test_billion_laughs_is_refused_within_a_second(compiler):
    invalid = refused(compiler, BILLION_LAUGHS)

    [issue] = invalid.issues
    assert "DOCTYPE and ENTITY declarations are not allowed" in issue.message
    assert (issue.line, issue.column) == (2, 1)


def test_external_entity_is_refused_and_no_file_is_read(compiler, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    config = (
        f'<!DOCTYPE View [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<View><Text name="text" value="$text"/>'
        f'<Choices name="c" toName="text"><Choice value="&xxe;"/></Choices></View>'
    )

    invalid = refused(compiler, config)

    assert "DOCTYPE" in str(invalid)
    assert "TOP-SECRET" not in str(invalid)


def test_parameter_entity_and_external_dtd_are_refused(compiler, tmp_path):
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "LEAKED">')
    for config in (
        f'<!DOCTYPE View SYSTEM "file://{dtd}"><View>&leak;</View>',
        f'<!DOCTYPE View [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]><View/>',
        '<!DOCTYPE View [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><View/>',
    ):
        invalid = refused(compiler, config)
        assert "LEAKED" not in str(invalid)
        assert invalid.issues[0].line == 1


def test_undeclared_entity_is_a_syntax_error_with_position(compiler):
    invalid = refused(compiler, '<View>\n  <Header value="&nbsp;"/>\n</View>')

    [issue] = invalid.issues
    assert issue.message.startswith("The label config is not well-formed XML:")
    assert "nbsp" in issue.message
    assert issue.line == 2


def test_predefined_and_numeric_entities_still_work(compiler):
    config = SIMPLE.format(
        '<Choices name="c" toName="text">'
        '<Choice value="R&amp;D"/><Choice value="&#x1F600; &lt;3"/></Choices>'
    )

    parsed = compiler.compile(config)

    assert parsed.controls["c"].labels == ["R&D", "\U0001f600 <3"]


def test_syntax_error_reports_line_and_column(compiler):
    config = '<View>\n  <Text name="text" value="$text">\n</View>'

    invalid = refused(compiler, config)

    [issue] = invalid.issues
    assert "Opening and ending tag mismatch" in issue.message
    assert str(issue).startswith("line 3, column ")
    assert issue.severity == "error"


def test_unquoted_attribute_reports_its_column(compiler):
    invalid = refused(compiler, '<View>\n   <Text name="a" value=$x/>\n</View>')

    assert (invalid.issues[0].line, invalid.issues[0].column) == (2, 25)


def test_oversized_config_is_refused_before_parsing(compiler):
    padding = "<View/>" * (MAX_CONFIG_BYTES // 7 + 1)

    invalid = refused(compiler, f"<View>{padding}</View>")

    assert f"more than {MAX_CONFIG_BYTES:,} bytes" in invalid.issues[0].message


def test_size_is_counted_in_utf8_bytes(compiler):
    # Under the limit in characters, over it once encoded.
    wide = "東" * (MAX_CONFIG_BYTES // 3 + 1)
    config = f'<View><Header value="{wide}"/></View>'

    assert "more than" in str(refused(compiler, config))
    assert "more than" in str(refused(compiler, config.encode("utf-8")))


def test_deep_nesting_is_refused(compiler):
    deep = "<View>" * (MAX_DEPTH + 1) + "</View>" * (MAX_DEPTH + 1)
    very_deep = "<View>" * 50_000 + "</View>" * 50_000

    assert f"at most {MAX_DEPTH}" in str(refused(compiler, deep))
    assert f"at most {MAX_DEPTH}" in str(refused(compiler, very_deep))


def test_nesting_up_to_the_limit_is_accepted(compiler):
    inner = SIMPLE.format(CHOICES)
    config = "<View>" * (MAX_DEPTH - 3) + inner + "</View>" * (MAX_DEPTH - 3)

    assert compiler.compile(config).controls["c"].to_name == ("text",)


@pytest.mark.parametrize(
    "attack",
    [
        "<!--" * 200_000,
        "<View " + 'a="1" ' * 100_000 + "/>",
        "<View>" + "<![CDATA[" * 100_000,
        "<" * 500_000,
    ],
)
def test_pathological_inputs_fail_fast(compiler, attack):
    refused(compiler, attack, within=0.5)


def test_empty_and_non_text_configs_are_refused(compiler):
    assert "empty" in str(refused(compiler, "   \n"))
    assert "must be XML text; got NoneType" in str(refused(compiler, None))
    assert "not valid UTF-8" in str(refused(compiler, b"<View>\xff</View>"))


def test_declaration_bom_and_bytes_are_accepted(compiler):
    body = SIMPLE.format(CHOICES)
    declared = '<?xml version="1.0" encoding="UTF-8"?>\n' + body

    assert compiler.compile(declared).controls["c"].line == 2
    assert compiler.compile("\ufeff" + body).objects["text"].value_key == "text"
    assert compiler.compile(body.encode("utf-8")).controls["c"].labels == ["a"]


def test_comments_and_cdata_do_not_shift_positions(compiler):
    config = (
        "<View>\n"
        "  <!-- <Text name='fake'/> -->\n"
        "  <Header><![CDATA[ <Choices> ]]></Header>\n"
        '  <Text name="text" value="$text"/>\n'
        '  <Choices name="c" toName="text" bogus="1"><Choice value="a"/></Choices>\n'
        "</View>"
    )

    parsed = compiler.compile(config)

    [warning] = parsed.warnings
    assert (warning.line, warning.column) == (5, 35)
    assert parsed.objects["text"].line == 4
