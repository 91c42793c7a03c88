"""The comparison chart: one palette, labels not cut, values on the bars, title and source
line; compared with a reference image."""

from __future__ import annotations

import pytest
from images import assert_image_matches

import tcroute
from tcroute import palette

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def tiny_table(tiny):
    return tcroute.compare_corridors(tiny, "Alpha", "Delta")


def _hex(rgba) -> str:
    from matplotlib.colors import to_hex

    return to_hex(rgba).upper()


def test_comparison_chart_matches_reference(tiny, tiny_table, tmp_path):
    from tcroute.plot import plot_comparison

    fig = plot_comparison(tiny, tiny_table, title="Alpha → Delta: corridors compared",
                          source="Source: the tiny test network.")
    assert_image_matches(fig, "comparison_tiny", tmp_path)


def test_corridor_keeps_its_colour_in_bars_and_map(tiny, tiny_table):
    from tcroute.plot import plot_comparison

    fig = plot_comparison(tiny, tiny_table, source="")
    bars = fig.axes[0].patches
    colours = palette.corridor_colors(tiny)
    assert [_hex(b.get_facecolor()) for b in bars] == [
        colours[k].upper() for k in tiny_table["corridor"]]
    legend = fig.axes[3].get_legend()
    by_label = {t.get_text().split(":")[0]: _hex(h.get_color())
                for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    for r in tiny_table[tiny_table["feasible"]].itertuples():
        assert by_label[r.name] == colours[r.corridor].upper()
    # the same corridor keeps its colour when fewer corridors are compared
    some = tcroute.compare_corridors(tiny, "Alpha", "Delta", corridors=[tiny_table.index[-1]])
    fig = plot_comparison(tiny, some, source="")
    assert _hex(fig.axes[0].patches[-1].get_facecolor()) == colours[some.index[-1]].upper()


def test_bar_labels_are_wrapped_not_cut(default_net):
    from tcroute.plot import plot_comparison

    table = tcroute.compare_corridors(default_net, "Xi'an", "Duisburg",
                                      corridors=["northern", "middle_btk"])
    fig = plot_comparison(default_net, table, source="")
    shown = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert [" ".join(s.split()) for s in shown] == list(table["name"])
    assert all(len(line) <= 30 for s in shown for line in s.splitlines())


def test_title_and_source_line(tiny, tiny_table):
    from tcroute.plot import plot_comparison

    fig = plot_comparison(tiny, tiny_table)
    texts = " ".join(t.get_text() for t in fig.findobj(
        lambda a: hasattr(a, "get_text") and callable(a.get_text)))
    assert "Alpha → Delta" in texts
    assert f"tcroute {tcroute.__version__}" in texts and "7 links, 6 places" in texts


def test_infeasible_corridor_is_named_in_the_bars(tiny, tiny_table):
    from tcroute.plot import plot_comparison

    fig = plot_comparison(tiny, tiny_table, source="")
    assert "no route" in [t.get_text() for t in fig.axes[0].texts]


def test_palette_is_colour_blind_safe_and_stable():
    # the corridor colours are distinct and none is a pure red/green pair (Okabe-Ito)
    colours = list(palette.CORRIDOR_COLORS.values())
    assert len(set(colours)) == len(colours)
    assert palette.corridor_color("not_a_corridor") == palette.corridor_color("not_a_corridor")
    assert palette.route_colors(["route 1", "northern"])["northern"] == "#D55E00"
