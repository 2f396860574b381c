"""The plugin manager: loading, start-up checks, and the settings that steer it."""

import pluggy
import pytest
from click.testing import CliRunner

from labelcore import ControlTagType, Sampler, Template, hookimpl
from labelcore.app import create_app
from labelcore.cli import main as labelcore_command
from labelcore.plugins import PluginError, build_plugin_set
from labelcore.settings import Settings


class Ordered(Sampler):
    def __init__(self, name, aliases=()):
        self.name = name
        self.aliases = aliases

    def order(self, candidates, context):
        return candidates.order_by(context.task.inner_id)


def plugin(name, **hooks):
    """A plugin object named ``name`` whose hooks return the given lists."""
    namespace = {"LABELCORE_PLUGIN_NAME": name}
    for hook, value in hooks.items():

        def implementation(self, value=value):
            return value() if callable(value) else value

        implementation.__name__ = hook
        namespace[hook] = hookimpl(implementation)
    return type(f"Plugin_{name}", (), namespace)()


def isolated(tmp_path, **overrides) -> Settings:
    return Settings(data_dir=str(tmp_path), disable_plugin_autoload=True, **overrides)


def test_plugins_registered_directly_contribute_their_items(tmp_path):
    plugins = build_plugin_set(
        isolated(tmp_path),
        [plugin("ordering", register_samplers=[Ordered("oldest-first")])],
    )

    assert list(plugins.samplers) == ["oldest-first"]
    assert plugins.describe() == [
        {
            "name": "ordering",
            "distribution": None,
            "version": None,
            "contributions": {"samplers": ["oldest-first"]},
        }
    ]


def test_a_duplicate_name_is_refused_naming_both_plugins(tmp_path):
    first = plugin("alpha", register_samplers=[Ordered("shared")])
    second = plugin("beta", register_samplers=[Ordered("shared")])

    with pytest.raises(PluginError) as raised:
        build_plugin_set(isolated(tmp_path), [first, second])

    message = str(raised.value)
    assert "'alpha'" in message
    assert "'beta'" in message
    assert "'shared'" in message
    assert "LABELCORE_PLUGINS" in message


def test_an_alias_that_collides_with_another_plugins_sampler_is_refused(tmp_path):
    first = plugin("alpha", register_samplers=[Ordered("sequential")])
    second = plugin("beta", register_samplers=[Ordered("mine", ("sequential",))])

    with pytest.raises(PluginError, match=r"'alpha' and 'beta'|'beta' and 'alpha'"):
        build_plugin_set(isolated(tmp_path), [first, second])


def test_the_same_name_in_two_families_is_allowed(tmp_path):
    template = Template(name="shared", title="T", group="G", config="<View/>")
    both = plugin(
        "both", register_samplers=[Ordered("shared")], register_templates=[template]
    )

    plugins = build_plugin_set(isolated(tmp_path), [both])

    assert "shared" in plugins.samplers
    assert "shared" in plugins.templates


def test_a_contribution_of_the_wrong_kind_names_the_plugin_and_the_kind(tmp_path):
    wrong = plugin("sloppy", register_samplers=["sequential"])

    with pytest.raises(PluginError) as raised:
        build_plugin_set(isolated(tmp_path), [wrong])

    message = str(raised.value)
    assert "'sloppy'" in message
    assert "register_samplers" in message
    assert "labelcore.Sampler" in message


def test_a_hook_that_returns_no_list_is_refused(tmp_path):
    wrong = plugin("single", register_samplers=lambda: Ordered("lonely"))

    with pytest.raises(PluginError, match=r"'single'.*must return a list"):
        build_plugin_set(isolated(tmp_path), [wrong])


def test_a_contribution_without_a_name_is_refused(tmp_path):
    wrong = plugin("anonymous", register_samplers=[Ordered("")])

    with pytest.raises(PluginError, match=r"'anonymous'.*has no 'name'"):
        build_plugin_set(isolated(tmp_path), [wrong])


def test_a_control_tag_without_a_result_type_is_refused(tmp_path):
    class Stars(ControlTagType):
        name = "Stars"
        value_schema = {"type": "object"}

    with pytest.raises(PluginError) as raised:
        build_plugin_set(
            isolated(tmp_path), [plugin("rating", register_tag_types=[Stars()])]
        )

    message = str(raised.value)
    assert "'rating'" in message
    assert "'Stars'" in message
    assert "result_type" in message


def test_a_control_tag_whose_schema_is_not_an_object_is_refused(tmp_path):
    class Stars(ControlTagType):
        name = "Stars"
        result_type = "stars"
        value_schema = {"type": "integer"}

    with pytest.raises(PluginError, match=r"'rating'.*'Stars'.*value_schema"):
        build_plugin_set(
            isolated(tmp_path), [plugin("rating", register_tag_types=[Stars()])]
        )


def test_a_hook_that_raises_is_reported_with_the_plugin(tmp_path):
    def broken():
        raise RuntimeError("the data file is missing")

    with pytest.raises(PluginError) as raised:
        build_plugin_set(
            isolated(tmp_path), [plugin("fragile", register_templates=broken)]
        )

    message = str(raised.value)
    assert "'fragile'" in message
    assert "register_templates" in message
    assert "the data file is missing" in message


def test_a_misspelled_hook_implementation_is_an_error(tmp_path):
    typo = plugin("typo", register_sampler=[Ordered("never-seen")])

    with pytest.raises(PluginError) as raised:
        build_plugin_set(isolated(tmp_path), [typo])

    message = str(raised.value)
    assert "'typo'" in message
    assert "register_sampler" in message
    assert "docs/plugins.md" in message


def test_a_hook_implementation_with_an_unknown_argument_is_refused(tmp_path):
    class Eager:
        LABELCORE_PLUGIN_NAME = "eager"

        @hookimpl
        def on_annotation_saved(self, annotation, created, project):
            pass

    with pytest.raises((PluginError, pluggy.PluginValidationError)) as raised:
        build_plugin_set(isolated(tmp_path), [Eager()])

    message = str(raised.value)
    assert "'eager'" in message
    assert "project" in message


def test_a_hook_implementation_may_take_fewer_arguments(tmp_path):
    seen = []

    class Quiet:
        LABELCORE_PLUGIN_NAME = "quiet"

        @hookimpl
        def on_annotation_saved(self, created):
            seen.append(created)

    plugins = build_plugin_set(isolated(tmp_path), [Quiet()])
    plugins.hook.on_annotation_saved(annotation=object(), created=True)

    assert seen == [True]


def test_autoload_disabled_loads_no_entry_points(tmp_path):
    plugins = build_plugin_set(isolated(tmp_path))

    assert plugins.describe() == []
    assert plugins.samplers == {}


def test_installed_entry_points_are_listed_with_distribution_and_version(tmp_path):
    plugins = build_plugin_set(Settings(data_dir=str(tmp_path), plugins=("samplers",)))

    listed = {info["name"]: info for info in plugins.describe()}
    assert listed["samplers"]["distribution"] == "labelcore-samplers"
    assert listed["samplers"]["version"]
    assert "sequential" in listed["samplers"]["contributions"]["samplers"]


def test_labelcore_plugins_loads_only_the_named_entry_points(tmp_path):
    settings = Settings.from_env(
        {"LABELCORE_PLUGINS": "samplers", "LABELCORE_DATA_DIR": str(tmp_path)}
    )

    plugins = build_plugin_set(settings)

    assert [info["name"] for info in plugins.describe()] == ["samplers"]
    assert plugins.workflows == {}


def test_labelcore_plugins_naming_an_absent_plugin_lists_the_installed(tmp_path):
    settings = Settings.from_env(
        {
            "LABELCORE_PLUGINS": "samplers, no-such-plugin",
            "LABELCORE_DATA_DIR": str(tmp_path),
        }
    )

    with pytest.raises(PluginError) as raised:
        build_plugin_set(settings)

    message = str(raised.value)
    assert "no-such-plugin" in message
    assert "LABELCORE_PLUGINS" in message
    assert "samplers" in message.split("Installed:")[1]


def test_a_required_plugin_that_is_missing_stops_the_start(tmp_path):
    settings = Settings.from_env(
        {
            "LABELCORE_REQUIRED_PLUGINS": "samplers,review-queue",
            "LABELCORE_DATA_DIR": str(tmp_path),
        }
    )

    with pytest.raises(PluginError) as raised:
        build_plugin_set(settings)

    message = str(raised.value)
    assert "review-queue" in message
    assert "samplers" not in message.split("(")[0]
    assert "LABELCORE_REQUIRED_PLUGINS" in message


def test_a_required_plugin_left_out_by_labelcore_plugins_stops_the_start(tmp_path):
    settings = Settings.from_env(
        {
            "LABELCORE_PLUGINS": "workflows",
            "LABELCORE_REQUIRED_PLUGINS": "samplers",
            "LABELCORE_DATA_DIR": str(tmp_path),
        }
    )

    with pytest.raises(PluginError, match=r"samplers"):
        build_plugin_set(settings)


def test_required_plugins_that_are_present_let_the_start_go_on(tmp_path):
    settings = Settings.from_env(
        {
            "LABELCORE_PLUGINS": "samplers",
            "LABELCORE_REQUIRED_PLUGINS": "samplers,ordering",
            "LABELCORE_DATA_DIR": str(tmp_path),
        }
    )

    plugins = build_plugin_set(
        settings, [plugin("ordering", register_samplers=[Ordered("oldest-first")])]
    )

    assert {"sequential", "oldest-first"} <= set(plugins.samplers)


def test_the_app_lists_only_the_plugins_labelcore_plugins_names(data_dir):
    settings = Settings.from_env(
        {"LABELCORE_PLUGINS": "samplers", "LABELCORE_DATA_DIR": str(data_dir)}
    )
    app = create_app(settings)
    try:
        with app.test_request_context():
            listed = app.extensions["labelcore"].plugins.describe()
    finally:
        app.extensions["labelcore"].job_runner.shutdown()

    assert [info["name"] for info in listed] == ["samplers"]


def test_the_app_does_not_start_with_a_misspelled_hook(data_dir):
    typo = plugin("typo", register_exporter=[])

    with pytest.raises(PluginError, match="'typo'"):
        create_app(isolated(data_dir), plugins=[typo])


def test_the_command_line_names_a_missing_required_plugin(data_dir):
    result = CliRunner().invoke(
        labelcore_command,
        ["plugins"],
        env={
            "LABELCORE_PLUGINS": "samplers",
            "LABELCORE_REQUIRED_PLUGINS": "review-queue",
            "LABELCORE_DATA_DIR": str(data_dir),
        },
    )

    assert result.exit_code == 1
    assert "review-queue" in result.output
    assert "LABELCORE_REQUIRED_PLUGINS" in result.output
