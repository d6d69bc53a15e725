"""axe-core, run in the page the browser shows: a page is accessible when axe finds nothing."""

from axe_playwright_python.sync_playwright import Axe

AXE_SCRIPT = Axe().axe_script
# Violations only, as axe-playwright-python's own run asks for.
RUN_AXE = "axe.run({resultTypes: ['violations']})"

# What a page must never have: axe's two highest impacts, and headings that skip a level
# (moderate to axe, but a screen reader's outline of the page depends on them).
BLOCKING_IMPACTS = {"serious", "critical"}
BLOCKING_RULES = {"heading-order"}


def _described(violation: dict) -> str:
    return f"{violation['id']}: " + ", ".join(str(node["target"]) for node in violation["nodes"])


def _violations(page) -> list[dict]:
    """axe's violations on the page shown. Its half-megabyte script goes to a document once,
    so checking the same page on a desktop and then on a phone sends it once."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(RUN_AXE)["violations"]


def axe_violations(page) -> list[str]:
    """Each violation as "rule: target, target...", so a failure says what and where."""
    return [_described(violation) for violation in _violations(page)]


def blocking_axe_violations(page) -> list[str]:
    """The serious and critical violations and skipped headings, described as
    axe_violations does."""
    return [
        _described(violation)
        for violation in _violations(page)
        if violation["impact"] in BLOCKING_IMPACTS or violation["id"] in BLOCKING_RULES
    ]
