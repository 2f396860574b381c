"""Parse label configs with lxml, refusing anything that can attack the server.

A label config comes from whoever may create a project, so the parser must
never read a file or a URL, expand an entity or build a huge tree: there is no
DTD (a DOCTYPE is refused before lxml sees the text), no entity resolution,
no network, and bounds on size and depth.
"""

from __future__ import annotations

import re

from lxml import etree

from labelcore.config.issues import ConfigInvalid, ConfigIssue
from labelcore.config.source_map import SourceMap

MAX_CONFIG_BYTES = 1024 * 1024
MAX_DEPTH = 64

_XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+\s*$")


def _refuse(message: str, line: int | None = None, column: int | None = None):
    raise ConfigInvalid([ConfigIssue("error", message, line, column)])


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers keep state and are not meant to be
    # shared between threads, and configs are parsed once per version anyway.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def without_declaration(text: str) -> str:
    """``text`` with its BOM and XML declaration blanked, positions unchanged.

    lxml refuses a str that declares an encoding; the text is already
    decoded, so the declaration says nothing we need.
    """
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    declaration = _XML_DECLARATION.match(text)
    if declaration:
        text = " " * declaration.end() + text[declaration.end() :]
    return text


def parse_config_xml(text: str | bytes) -> tuple[etree._Element, SourceMap]:
    """Parse ``text`` safely; return the root element and a map of positions.

    Raises ``ConfigInvalid`` for a config that is too large, has a DOCTYPE or
    entity declaration, is not well-formed XML, or nests too deeply.
    """
    if isinstance(text, bytes):
        _check_size(len(text))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            _refuse(
                f"The label config is not valid UTF-8 (byte {error.start}); "
                f"save it as UTF-8 and try again."
            )

    if not isinstance(text, str):
        _refuse(
            f"The label config must be XML text; got {type(text).__name__}. "
            f"Send it as a string."
        )

    # A character takes at least one byte, so a long text is refused before
    # paying for its encoding.
    _check_size(len(text))
    _check_size(len(text.encode("utf-8", "surrogatepass")))

    if not text.strip():
        _refuse("The label config is empty; it needs a root tag such as <View>.")

    text = without_declaration(text)
    # Refused before lxml sees the text, so that no external entity, file
    # or parameter entity is ever opened; this also refuses the words inside
    # a comment, which costs nothing real.
    declaration = _DOCTYPE.search(text)
    if declaration:
        _refuse(
            "DOCTYPE and ENTITY declarations are not allowed in a label config "
            "(they can read server files or expand into gigabytes); remove "
            "them and write the characters out directly.",
            *SourceMap(text).position(declaration.start()),
        )

    try:
        root = etree.fromstring(text, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = _POSITION_SUFFIX.sub("", error.msg or str(error))
        if "Excessive depth" in message:
            _refuse(_too_deep("over 256"), line, column)
        _refuse(f"The label config is not well-formed XML: {message}.", line, column)

    if root.getroottree().docinfo.doctype:
        _refuse("DOCTYPE declarations are not allowed in a label config.")

    _check_depth(root)
    return root, SourceMap(text)


def _check_size(size: int) -> None:
    if size > MAX_CONFIG_BYTES:
        _refuse(
            f"The label config has more than {MAX_CONFIG_BYTES:,} bytes (1 MiB); "
            f"move long texts into the task data and keep the config to tags."
        )


def _check_depth(root: etree._Element) -> None:
    pending = [(root, 1)]
    while pending:
        element, depth = pending.pop()
        if depth > MAX_DEPTH:
            _refuse(_too_deep(str(depth)), element.sourceline)
        pending.extend((child, depth + 1) for child in element)


def _too_deep(found: str) -> str:
    return (
        f"The label config nests tags {found} levels deep; at most {MAX_DEPTH} "
        f"are accepted. Flatten the nested <View> tags."
    )
