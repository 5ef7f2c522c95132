from senco_tui.cli import run

run()
