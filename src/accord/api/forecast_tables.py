"""Tables of a case forecast: the predicted point and nearest option per issue."""

from __future__ import annotations

from accord.api.tabular import Cell, Table, Tables, cells
from accord.forecast.case_forecast import CaseForecast

__all__ = ["forecast_tables"]


def forecast_tables(result: CaseForecast) -> Tables:
    """The forecast of every issue, and the issues it skipped."""
    data = result.to_dict()
    rows: list[tuple[Cell, ...]] = [
        cells([i["name"], i["predicted"], i["option_label"], i["actors"]]) for i in data["issues"]
    ]
    tables = [
        Table(
            "forecast",
            f"Forecast by the {data['model']} model",
            ("issue", "predicted point (0-100)", "nearest option", "actors"),
            tuple(rows),
        )
    ]
    if data["skipped"]:
        tables.append(
            Table("skipped", "Issues not forecast", ("issue",), tuple(cells([s]) for s in data["skipped"]))
        )
    return Tables(f"Forecast of {data['case']} ({data['model']})", tables)
