"""With no plugin installed, the core refuses every tag and names it."""

from __future__ import annotations

import pytest

from labelcore.config import ConfigCompiler, ConfigInvalid


def test_core_without_plugins_refuses_choices_by_name():
    config = '<View><Choices name="a" toName="b"><Choice value="x"/></Choices></View>'

    with pytest.raises(ConfigInvalid) as refused:
        ConfigCompiler({}).compile(config)

    messages = [issue.message for issue in refused.value.issues]
    assert any(
        message.startswith("no installed plugin provides the tag 'Choices'")
        for message in messages
    )
    assert "no installed plugin provides the tag 'Choices'" in str(refused.value)
    choices = next(i for i in refused.value.issues if "'Choices'" in i.message)
    assert (choices.line, choices.column, choices.tag) == (1, 7, "Choices")
