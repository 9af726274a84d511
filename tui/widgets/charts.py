"""Charts of the strategy dashboard (textual-plotext). Drawn from data alone, so the same data
draws the same chart."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot

from scoring import BalanceLine

SERIES = ("Your list", "Band low", "Band high")
SERIES_COLORS = ("cyan", "gray", "white")


class TierChart(PlotextPlot):
    """Reach / Target / Safety shares of the list beside the recommended band of each tier."""

    def show(self, lines: Sequence[BalanceLine]) -> None:
        plt = self.plt
        plt.clear_figure()
        tiers = [line.tier for line in lines]
        shares = [round(line.percent, 1) for line in lines]
        plt.multiple_bar(tiers, [shares, [line.low for line in lines], [line.high for line in lines]],
                         labels=list(SERIES), color=list(SERIES_COLORS), width=0.8)
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100])
        plt.ylabel("% of list")
        self.refresh()
