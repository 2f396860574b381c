"""The plugin guide documents every hook and every public name of the core.

A hook that is declared in ``labelcore/hookspecs.py`` but missing from
``docs/plugins.md`` fails here, as does a section for a hook that no longer
exists, so the guide and the contracts cannot drift apart.
"""

import inspect
import re
from pathlib import Path

import pytest

import labelcore
from labelcore import hookspecs

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
PARTS = ("**Called:**", "**Arguments:**", "**Returns:**", "**Combining:**")


def _hookspecs() -> dict[str, inspect.Signature]:
    found = {}
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(function, "labelcore_spec"):
            found[name] = inspect.signature(function)
    return found


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## +", text, flags=re.MULTILINE)
    sections = {}
    for part in parts[1:]:
        title, _, body = part.partition("\n")
        sections[title.strip().strip("`")] = body
    return sections


HOOKS = _hookspecs()
SECTIONS = _sections(GUIDE.read_text(encoding="utf-8"))


def test_the_hookspecs_module_declares_hooks():
    assert len(HOOKS) >= 17
    assert "register_tag_types" in HOOKS
    assert "on_annotation_saved" in HOOKS


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_every_hook_has_a_section_in_the_guide(hook):
    assert hook in SECTIONS, (
        f"docs/plugins.md has no '## {hook}' section; add one with when the hook "
        f"is called, its arguments, its return value, how results combine and an "
        f"example."
    )


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_each_hook_section_says_when_what_and_how(hook):
    body = SECTIONS.get(hook, "")
    missing = [part for part in PARTS if part not in body]
    assert not missing, f"The '## {hook}' section lacks {', '.join(missing)}."


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_each_hook_section_names_every_argument(hook):
    body = SECTIONS.get(hook, "")
    unnamed = [name for name in HOOKS[hook].parameters if f"`{name}`" not in body]
    assert not unnamed, f"The '## {hook}' section never names {unnamed}."


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_each_hook_section_has_an_example_implementation(hook):
    body = SECTIONS.get(hook, "")
    blocks = re.findall(r"```python\n(.*?)```", body, flags=re.DOTALL)
    signature = re.compile(rf"@hookimpl\s*\ndef {hook}\(")
    assert any(signature.search(block) for block in blocks), (
        f"The '## {hook}' section has no python example that implements it "
        f"with @hookimpl."
    )


def test_examples_use_only_parameters_the_hookspec_declares():
    for hook, signature in HOOKS.items():
        for block in re.findall(
            r"```python\n(.*?)```", SECTIONS.get(hook, ""), flags=re.DOTALL
        ):
            match = re.search(rf"def {hook}\(([^)]*)\)", block)
            if match is None:
                continue
            used = [arg.strip() for arg in match.group(1).split(",") if arg.strip()]
            extra = set(used) - set(signature.parameters)
            assert not extra, f"The {hook} example takes unknown arguments {extra}."


def test_no_section_documents_a_hook_that_does_not_exist():
    hook_like = {
        title
        for title in SECTIONS
        if re.fullmatch(r"(register|on)_[a-z_]+", title) is not None
    }
    stale = hook_like - set(HOOKS)
    assert not stale, f"docs/plugins.md documents hooks that do not exist: {stale}"


def test_every_public_name_is_in_the_guide():
    text = GUIDE.read_text(encoding="utf-8")
    missing = [name for name in labelcore.__all__ if f"`{name}`" not in text]
    assert not missing, f"docs/plugins.md does not mention {missing}."


def test_the_guide_names_the_entry_point_group_and_the_marker():
    text = GUIDE.read_text(encoding="utf-8")
    assert "[project.entry-points.labelcore]" in text
    assert "from labelcore import hookimpl" in text
