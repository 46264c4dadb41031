"""Chapter 02's explorers (inrlib/widgets/fdm.py) follow their sliders."""


# ----------------------------------------------------------------------------- widgets
def test_stencil_explorer_follows_the_h_slider_quickly():
    from inrlib.widgets.fdm import StencilExplorer

    explorer = StencilExplorer()
    box = explorer.widget()
    first = dict(explorer.result)
    explorer.h_slider.value = explorer.h_values[-1]                  # the smallest h
    moved = explorer.result
    assert moved["h"] < first["h"] and moved["errors"]["central"] != first["errors"]["central"]
    explorer.dtype.value = "float32"
    small32 = explorer.result["errors"]["central"]
    assert small32 > moved["errors"]["central"]                        # round-off is worse in float32
    explorer.compute(1e-3, "float64")
    assert box.children


def test_heat_explorer_shows_blow_up_above_the_limit_quickly():
    from inrlib.widgets.fdm import HeatExplorer

    explorer = HeatExplorer()
    box = explorer.widget()
    assert explorer.result["r"] <= 0.5 and not explorer.result["blew_up"]
    explorer.dt_slider.value = explorer.dt_values[-1]
    assert explorer.result["r"] > 0.5 and explorer.result["blew_up"] and explorer.result["warning"]
    explorer.method.value = "crank_nicolson"
    assert not explorer.result["blew_up"]
    assert explorer.compute(explorer.limit * 1.2, "ftcs")["blew_up"] and box.children
