"""Reports for clinic admins: plain query functions (queries.py) returning rows, drawn as
server-side SVG bar charts (charts.py) on admin-only pages with a CSV of the same rows."""
