"""How long ranking trigger-point suggestions takes for one pain chart (see README.md)."""

from clinic.bodymap.painchart import PainChart
from clinic.bodymap.regions import REGIONS
from clinic.bodymap.suggestions import suggest_muscles

TENSION_HEADACHE = PainChart.parse(
    {
        "marks": [
            {"region": "temple", "side": "L", "intensity": 6, "qualities": ["aching"]},
            {"region": "temple", "side": "R", "intensity": 5, "qualities": ["aching"]},
            {"region": "neck_back", "side": "L", "intensity": 5, "qualities": ["stiffness"]},
            {"region": "neck_back", "side": "R", "intensity": 4, "qualities": []},
            {"region": "shoulder_top", "side": "L", "intensity": 6, "qualities": []},
            {"region": "shoulder_top", "side": "R", "intensity": 5, "qualities": []},
            {"region": "occiput", "side": "L", "intensity": 4, "qualities": []},
        ],
        "worst": 7,
        "least": 2,
        "average": 4,
        "now": 3,
    }
)
# Every region and side marked: the most work a chart can ask for (114 marks).
EVERYWHERE = PainChart.parse(
    {
        "marks": [
            {"region": region.id, "side": side, "intensity": 5, "qualities": []}
            for region in REGIONS
            for side in region.sides
        ],
        "worst": 9,
        "least": 3,
        "average": 5,
        "now": 5,
    }
)


def test_suggestions_for_a_typical_chart(benchmark):
    suggestions = benchmark(suggest_muscles, TENSION_HEADACHE)
    assert suggestions[0].muscle.id == "upper_trapezius"


def test_suggestions_for_a_chart_marking_every_region(benchmark):
    suggestions = benchmark(suggest_muscles, EVERYWHERE)
    assert len(suggestions) == 10
