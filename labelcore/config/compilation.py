"""One compilation of one config text: the rules of the config language.

Elements are read once into nodes (tag type, typed attributes, position),
then checked for placement, names, ``toName`` targets, object values and
options; every issue is collected so a person sees all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from labelcore.config.attributes import AttributeProblem, convert_attribute
from labelcore.config.compiled import (
    CompiledChild,
    CompiledControl,
    CompiledObject,
    CompiledOption,
    RepeatScope,
)
from labelcore.config.config_rules import check_cross_references
from labelcore.config.data_keys import DataKey, data_key_of
from labelcore.config.issues import ConfigInvalid, ConfigIssue
from labelcore.config.parsed import ParsedConfig
from labelcore.config.safe_xml import parse_config_xml
from labelcore.config.source_map import SourceMap
from labelcore.config.suggest import closest, did_you_mean, quoted_list
from labelcore.contrib.tags import ControlTagType, ObjectTagType, TagType

if TYPE_CHECKING:
    from labelcore.config.compiler import ConfigCompiler


@dataclass
class _Node:
    """One element during compilation, before it becomes an object or control."""

    written_tag: str
    index: int
    tag_type: TagType | None
    parent: _Node | None
    line: int | None
    column: int | None
    raw: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    repeat: RepeatScope | None = None

    @property
    def tag(self) -> str:
        return self.tag_type.name if self.tag_type is not None else self.written_tag

    @property
    def kind(self) -> str | None:
        return self.tag_type.kind if self.tag_type is not None else None

    def raw_value(self, canonical: str) -> str | None:
        for written, value in self.raw.items():
            if written.lower() == canonical.lower():
                return value
        return None

    def written_name(self, canonical: str) -> str:
        for written in self.raw:
            if written.lower() == canonical.lower():
                return written
        return canonical


class Compilation:
    """The work of compiling one config text; collects issues as it goes."""

    def __init__(self, compiler: ConfigCompiler, text: str):
        self.compiler = compiler
        self.text = text
        self.issues: list[ConfigIssue] = []
        self.source: SourceMap | None = None
        self.named: dict[str, _Node] = {}

    def issue(self, severity, message, node=None, attribute=None) -> None:
        line = column = None
        if node is not None:
            line, column = node.line, node.column
            if attribute is not None and self.source is not None:
                written = node.written_name(attribute)
                line, column = self.source.attribute(node.index, written)

        self.issues.append(
            ConfigIssue(
                severity,
                message,
                line,
                column,
                tag=node.tag if node is not None else None,
                attribute=attribute,
            )
        )

    def run(self) -> ParsedConfig:
        root, self.source = parse_config_xml(self.text)
        nodes = self._read_nodes(root)

        for node in nodes:
            self._check_placement(node)

        objects = self._objects(nodes)
        controls = self._controls(nodes, objects)
        if not controls and not any(issue.is_error for issue in self.issues):
            self.issue(
                "warning",
                "The config has no control tag (such as 'Choices'), so "
                "annotators cannot produce any result; add one.",
                nodes[0],
            )

        parsed = ParsedConfig(
            xml=self.text,
            objects=objects,
            controls=controls,
            data_keys=self._data_keys(nodes),
            warnings=self.issues,
        )
        check_cross_references(self, nodes, parsed)

        if any(issue.is_error for issue in self.issues):
            raise ConfigInvalid(self.issues)
        parsed.warnings = list(self.issues)
        return parsed

    # -- reading elements and attributes ------------------------------------

    def _read_nodes(self, root: etree._Element) -> list[_Node]:
        nodes: list[_Node] = []
        by_element: dict[etree._Element, _Node] = {}
        for index, element in enumerate(root.iter()):
            line, column = self.source.element(index)
            if line is None:
                line = element.sourceline
            tag_type = self.compiler.tag_type(str(element.tag))
            parent = by_element.get(element.getparent())
            node = _Node(
                written_tag=str(element.tag),
                index=index,
                tag_type=tag_type,
                parent=parent,
                line=line,
                column=column,
                raw=dict(element.attrib),
                repeat=parent.repeat if parent is not None else None,
            )
            by_element[element] = node
            nodes.append(node)

            if tag_type is None:
                self._unknown_tag(node)
            else:
                self._read_attributes(node)
                self._register_name(node)
                self._open_repeat_scope(node)
        return nodes

    def _open_repeat_scope(self, node: _Node) -> None:
        # A tag that declares both 'on' (a data key) and 'indexFlag' repeats
        # its children for every item of that list, as Label Studio's
        # Repeater does; the children's names keep the flag until then.
        declared = node.tag_type.attributes
        if "on" not in declared or "indexFlag" not in declared:
            return
        key = data_key_of(node.raw_value("on") or "")
        if key is None:
            return
        flag = node.raw_value("indexFlag") or declared["indexFlag"].default
        node.repeat = RepeatScope(on=DataKey(key), index_flag=flag)

    def _unknown_tag(self, node: _Node) -> None:
        hint = did_you_mean(node.written_tag, self.compiler.tag_types)
        if not hint:
            hint = (
                "; install a plugin that provides it, or check the list "
                "that `labelcore plugins` prints"
            )
        self.issue(
            "error",
            f"no installed plugin provides the tag {node.written_tag!r}{hint}",
            node,
        )

    def _read_attributes(self, node: _Node) -> None:
        declared = node.tag_type.attributes
        by_lower = {name.lower(): name for name in declared}
        for written, raw in node.raw.items():
            canonical = by_lower.get(written.lower())
            if canonical is None:
                self.issue(
                    "warning",
                    f"the tag {node.tag!r} has no attribute {written!r}, so it is "
                    f"ignored{did_you_mean(written, declared)}",
                    node,
                    written,
                )
                continue
            try:
                node.attributes[canonical] = convert_attribute(declared[canonical], raw)
            except AttributeProblem as problem:
                self.issue(
                    problem.severity,
                    f"the attribute {written!r} of {node.tag!r} {problem}",
                    node,
                    canonical,
                )

        for name, declaration in declared.items():
            if declaration.required and node.raw_value(name) is None:
                self.issue(
                    "error",
                    f"the tag {node.tag!r} needs the attribute {name!r}; "
                    f'add {name}="..."',
                    node,
                )

    def _register_name(self, node: _Node) -> None:
        name = node.attributes.get("name")
        if not isinstance(name, str) or "name" not in node.tag_type.attributes:
            return

        first = self.named.get(name)
        if first is None:
            self.named[name] = node
            return
        self.issue(
            "error",
            f"the name {name!r} is already used by the {first.tag!r} tag on line "
            f"{first.line}; give every tag its own name",
            node,
            "name",
        )

    # -- nesting rules --------------------------------------------------------

    def _check_placement(self, node: _Node) -> None:
        parent = node.parent
        if node.tag_type is None or parent is None or parent.tag_type is None:
            return

        allowed = parent.tag_type.children
        allowed_lower = {name.lower() for name in allowed or ()}
        if allowed is not None and node.tag.lower() not in allowed_lower:
            takes = (
                f"it takes only {quoted_list(allowed)}"
                if allowed
                else "it takes no tags inside"
            )
            self.issue(
                "error",
                f"the tag {parent.tag!r} cannot contain {node.tag!r}; {takes}. "
                f"Move {node.tag!r} out of it",
                node,
            )
            return

        # A child tag its parent names explicitly (a Channel in a TimeSeries)
        # is in place; one inside a free container must sit in a control.
        named_by_parent = allowed is not None and node.tag.lower() in allowed_lower
        if node.kind == "child" and not named_by_parent:
            control = _nearest_control(node)
            if control is None:
                owners = [
                    tag.name
                    for tag in self.compiler.tag_types.values()
                    if isinstance(tag, ControlTagType)
                    and (tag.option_tag or "").lower() == node.tag.lower()
                ]
                owner_hint = f", such as {quoted_list(owners)}" if owners else ""
                self.issue(
                    "error",
                    f"the tag {node.tag!r} must be inside a control that uses it "
                    f"as an option{owner_hint}; move it there",
                    node,
                )

    # -- objects and controls ------------------------------------------------

    def _objects(self, nodes: list[_Node]) -> dict[str, CompiledObject]:
        objects = {}
        for node in nodes:
            if not isinstance(node.tag_type, ObjectTagType):
                continue
            name = node.attributes.get("name")
            value_key = self._object_value_key(node)
            if not isinstance(name, str):
                continue
            objects[name] = CompiledObject(
                name=name,
                tag=node.tag,
                tag_type=node.tag_type,
                value_key=value_key,
                attributes=dict(node.attributes),
                line=node.line,
                data_key=DataKey(value_key) if value_key is not None else None,
                children=self._configuring_children(node, nodes),
                repeat=node.repeat,
            )
        return objects

    def _configuring_children(self, owner: _Node, nodes: list[_Node]) -> tuple:
        children = []
        for node in nodes[owner.index + 1 :]:
            if not _is_inside(node, owner):
                break
            if node.tag_type is not None:
                children.append(
                    CompiledChild(
                        tag=node.tag, attributes=dict(node.attributes), line=node.line
                    )
                )
        return tuple(children)

    def _object_value_key(self, node: _Node) -> str | None:
        attribute = "value"
        raw = node.raw_value(attribute)
        if raw is None and "valueList" in node.tag_type.attributes:
            # Several items per task (<Image valueList="$images">).
            attribute = "valueList"
            raw = node.raw_value(attribute)
        if raw is None:
            return None
        key = data_key_of(raw)
        declaration = node.tag_type.attributes.get(attribute)
        literal_ok = declaration is not None and declaration.literal_ok
        checked_already = declaration is not None and declaration.kind == "data"
        if key is None and not literal_ok and not checked_already:
            self.issue(
                "error",
                f"the attribute 'value' of {node.tag!r} must name a task data key "
                f"as '$key' (for example '$text'); got {raw!r}",
                node,
                "value",
            )
        return key

    def _controls(
        self, nodes: list[_Node], objects: dict[str, CompiledObject]
    ) -> dict[str, CompiledControl]:
        controls = {}
        for node in nodes:
            if not isinstance(node.tag_type, ControlTagType):
                continue
            name = node.attributes.get("name")
            to_name = self._targets(node, objects)
            if not isinstance(name, str):
                # An unnamed control (Label Studio's <Relations>) still has
                # options that results must match; it gets the tag's name.
                if node.tag_type.attributes.get("name") is None or getattr(
                    node.tag_type.attributes["name"], "required", True
                ):
                    continue
                name = node.tag
                if name in controls or name in self.named:
                    continue
            # value="$key" loads options only on controls that have options;
            # on a TextArea it is the pre-filled text.
            dynamic = None
            if node.tag_type.option_tag:
                dynamic = data_key_of(node.raw_value("value") or "")
            controls[name] = CompiledControl(
                name=name,
                tag=node.tag,
                tag_type=node.tag_type,
                to_name=to_name,
                options=self._options(node, nodes),
                attributes=dict(node.attributes),
                line=node.line,
                dynamic_options_key=DataKey(dynamic) if dynamic else None,
                validate_value=self.compiler.validator(node.tag_type),
                repeat=node.repeat,
                children=self._configuring_children(node, nodes),
            )
        return controls

    def _targets(self, node: _Node, objects) -> tuple[str, ...]:
        raw = node.raw_value("toName")
        if raw is None:
            return ()

        names = tuple(part.strip() for part in raw.split(",") if part.strip())
        targets = node.tag_type.targets
        targets_lower = {target.lower() for target in targets}
        for target_name in names:
            target = objects.get(target_name)
            if target is None:
                self._missing_target(node, target_name, objects)
            elif targets and target.tag.lower() not in targets_lower:
                self.issue(
                    "error",
                    f"{node.tag!r} cannot label {target.tag!r} (toName "
                    f"{target_name!r}); it labels {quoted_list(targets)}",
                    node,
                    "toName",
                )
        return names

    def _missing_target(self, node: _Node, target_name: str, objects) -> None:
        other = self.named.get(target_name)
        if other is not None:
            problem = (
                f"toName {target_name!r} names the {other.tag!r} tag, which is "
                f"not an object tag"
            )
        else:
            problem = f"toName {target_name!r} names no tag in this config"
        if objects:
            guess = closest(target_name, objects)
            hint = f"; did you mean {guess!r}?" if guess else ""
            problem += f"; object tags here: {quoted_list(objects)}{hint}"
        else:
            problem += "; add the object tag it labels, such as a <Text> or <Image>"
        self.issue("error", problem, node, "toName")

    def _options(self, control: _Node, nodes: list[_Node]) -> tuple:
        option_tag = (control.tag_type.option_tag or "").lower()
        if not option_tag:
            return ()

        options = []
        seen: set[str] = set()
        for node in nodes[control.index + 1 :]:
            if not _is_inside(node, control):
                break
            if node.tag.lower() != option_tag or _nearest_control(node) is not control:
                continue
            value = node.raw_value("value")
            if value is None:
                continue
            if value in seen:
                self.issue(
                    "warning",
                    f"{node.tag!r} {value!r} appears twice in {control.tag!r} "
                    f"{control.attributes.get('name')!r}; remove one",
                    node,
                    "value",
                )
            seen.add(value)
            options.append(
                CompiledOption(
                    value=value,
                    alias=node.raw_value("alias"),
                    attributes=dict(node.raw),
                    line=node.line,
                    path=_option_path(node, control, option_tag),
                )
            )
        return tuple(options)

    def _data_keys(self, nodes: list[_Node]) -> list[str]:
        keys: dict[str, None] = {}
        for node in nodes:
            if node.tag_type is None:
                continue
            for name, declaration in node.tag_type.attributes.items():
                raw = node.raw_value(name)
                is_object_value = name == "value" and node.kind == "object"
                if raw is None or not (declaration.kind == "data" or is_object_value):
                    continue
                key = data_key_of(raw)
                repeated = node.repeat is not None and node.repeat.index_flag in raw
                if key is not None and not repeated:
                    keys[key] = None
        return list(keys)


def _nearest_control(node: _Node) -> _Node | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent.tag_type, ControlTagType):
            return parent
        parent = parent.parent
    return None


def _is_inside(node: _Node, ancestor: _Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def _option_path(node: _Node, control: _Node, option_tag: str) -> tuple[str, ...]:
    path = [node.raw_value("value") or ""]
    parent = node.parent
    while parent is not None and parent is not control:
        if parent.tag.lower() == option_tag:
            path.append(parent.raw_value("value") or "")
        parent = parent.parent
    return tuple(reversed(path))
