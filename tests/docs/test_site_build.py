"""The documentation site builds in strict mode, and its generated pages say what the source says."""

from __future__ import annotations

import re
from pathlib import Path

from checker.cli import COMMAND_MODULES
from checker.docs import codemap, introspect, mermaid, site
from checker.docs.markdown import slug
from invariants import REGISTRY
from model.actions import TRANSITIONS
from spec import protocol
from tests.docs.conftest import SAMPLE_INVARIANT, SAMPLE_SCENARIO


def html(built: site.Built, page: str) -> str:
    """The built HTML of a page given by its Markdown path (``flows/clientquery.md``)."""
    path = page.removesuffix(".md")
    path = path.removesuffix("index").rstrip("/")
    target = built.site_dir / path / "index.html" if path else built.site_dir / "index.html"
    assert target.is_file(), f"no built page for {page} ({target})"
    return target.read_text(encoding="utf-8")


def text(markup: str) -> str:
    """The visible text of HTML, roughly: tags removed, entities of interest decoded, spaces collapsed."""
    plain = re.sub(r"<[^>]+>", " ", markup)
    plain = plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return " ".join(plain.replace("&#39;", "'").split())


def test_builds_in_strict_mode_with_no_warnings(built_site: site.Built) -> None:
    assert built_site.warnings == ()
    assert (built_site.site_dir / "index.html").is_file()
    assert '"strict": true' in Path(built_site.config_file).read_text(encoding="utf-8")


def test_overview_draws_the_whole_protocol_and_groups_participants(built_site: site.Built) -> None:
    page = html(built_site, "index.md")
    assert page.count(f'class="{mermaid.DIAGRAM_CLASS}"') == 1
    diagram = page.split(f'class="{mermaid.DIAGRAM_CLASS}"', 1)[1].split("</div>", 1)[0]
    for name in protocol.PARTICIPANT_NAMES:
        assert f"participant {name}" in diagram
    for group in protocol.GROUPS:
        assert f'id="group-{slug(group.name)}"' in page
    for f in protocol.FLOWS:
        assert f"flows/{slug(f.key)}/" in page


def test_every_flow_page_has_its_diagram_steps_fields_and_actions(built_site: site.Built) -> None:
    for f in protocol.FLOWS:
        page = html(built_site, f"flows/{slug(f.key)}.md")
        words = text(page)
        assert page.count(f'class="{mermaid.DIAGRAM_CLASS}"') == 1, f.key
        for name in protocol.flow_participants(f):
            assert f"participant {name}" in page, (f.key, name)
        for s in protocol.sends(f):
            assert s.label in words, (f.key, s.label)
            assert " ".join(s.message.doc.replace("``", "`").replace("`", "").split()) in words.replace("`", "")
            for field in s.message.fields:
                assert field.name in words
        assert 'id="model-actions"' in page
        assert "no model action draws this arrow" not in words, f.key


def test_flow_pages_link_each_arrow_to_the_actions_that_draw_it(built_site: site.Built) -> None:
    page = html(built_site, "flows/sealingsector.md")
    actions = page.split('id="model-actions"', 1)[1]
    assert 'href="../../participants/storageproving/#fn-mining-seal_sector"' in actions
    assert 'href="../../participants/storagemining/#fn-mining-commit_sector"' in actions
    assert 'href="../../participants/storagemineractor/#fn-miner_actor-commit_sector"' in actions
    assert "when VerifySeal returns 0" in actions


def test_every_participant_page_has_state_transitions_with_guards_and_source(built_site: site.Built) -> None:
    for name in protocol.PARTICIPANT_NAMES:
        page = html(built_site, f"participants/{slug(name)}.md")
        assert "<h1" in page and name in text(page)
        for fn in codemap.functions_by_participant()[name]:
            assert f'id="{"fn-" + fn.module.removeprefix("model.") + "-" + fn.name}"' in page, fn.qualname
            assert f"{fn.path}, lines {fn.first_line}" in text(page)
            for g in fn.guards:
                if g.comment:
                    assert text(g.comment.replace("``", "`")).replace("`", "") in text(page).replace("`", "")
    miner = text(html(built_site, "participants/storagepoweractor.md"))
    register = introspect.function("model.power_actor.register_miner")
    assert register is not None and register.guards[0].comment in miner
    assert "MinerAlreadyRegistered (an owner registers at most one miner)" in miner
    channel = text(html(built_site, "participants/paymentchannelactor.md"))
    assert "to_send" in channel and "What the channel owes the payee so far." in channel


def test_every_action_is_documented_on_a_participant_page() -> None:
    placed = codemap.page_of_function()
    for action, fn in codemap.action_functions().items():
        assert fn in placed, f"action {action} runs {fn}, which no participant page shows"
    assert set(codemap.action_functions()) == set(TRANSITIONS)


def test_simplifications_page_lists_every_stated_simplification(built_site: site.Built) -> None:
    page = text(html(built_site, "simplifications.md"))
    for phrase in (
        "One deal per sector",
        "The client's data transfer after acceptance is not modelled",
        "it asks one provider once (a model policy that keeps the state space small)",
        "the 2019 spec is silent on the amount",
        "The model's clock is lazy",
        "sector_size",
        "settle_delay",
    ):
        assert phrase in page, phrase


def test_invariants_page_lists_every_invariant_with_formula_and_results(built_site: site.Built) -> None:
    page = html(built_site, "invariants.md")
    words = text(page)
    for name, inv in REGISTRY.items():
        assert f'id="inv-{slug(name)}"' in page, name
        assert inv.statement in words, name
    assert "def token_supply(world: World, ctx: Ctx)" in re.sub(r"<[^>]+>", "", page)
    section = words.split(SAMPLE_INVARIANT, 2)[2]
    assert f"{SAMPLE_SCENARIO} check holds" in section.split("Formula")[0]
    assert f"{SAMPLE_SCENARIO} prove 1 proved" in section.split("Formula")[0]
    assert "not checked in this run" in words
    assert "1234" in words and "5678" in words


def test_cli_reference_lists_every_command(built_site: site.Built) -> None:
    page = html(built_site, "cli.md")
    for module in COMMAND_MODULES:
        command = module.replace("_", "-")
        assert f'id="cmd-{command}"' in page or f'id="cmd-{module}"' in page, module
    assert 'id="cmd-docs-build"' in page and "--results DIR" in page


def test_api_reference_is_rendered_from_docstrings(built_site: site.Built) -> None:
    page = text(html(built_site, "api/model/mining.md"))
    assert "model.mining" in page and "made_deal" in page
    assert "MadeDeal" in page


def test_no_page_loads_anything_from_another_host(built_site: site.Built) -> None:
    assert site.external_references(built_site.site_dir) == []
    local = built_site.site_dir / site.MERMAID_SITE_PATH
    assert local.is_file() and local.stat().st_size > 1_000_000
    page = html(built_site, "index.md")
    assert f'src="assets/javascripts/mermaid-{mermaid.VERSION}.min.js"' in page
    assert 'src="assets/javascripts/filspec-mermaid.js"' in page
