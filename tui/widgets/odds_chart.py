"""P(match at each rank) of a rank list as a bar chart."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from scoring import MatchOdds


class OddsChart(PlotextPlot):
    """Bars in percent, one per rank; drawn only from the numbers given, so it is the same on
    every run."""

    def show(self, odds: MatchOdds) -> None:
        plt = self.plt
        plt.clear_figure()
        ranks = list(range(1, len(odds.at_rank) + 1))
        if ranks:
            plt.bar(ranks, [p * 100 for p in odds.at_rank], marker="hd")
        plt.title("P(match at rank k), %")
        plt.xlabel("rank")
        plt.xticks(ranks[:: max(1, len(ranks) // 10)] if ranks else [])
        self.refresh()
