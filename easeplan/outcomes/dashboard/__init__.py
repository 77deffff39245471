"""The practice outcomes dashboard for owners: the page and its CSV export."""
