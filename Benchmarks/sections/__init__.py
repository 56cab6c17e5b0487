"""Opt-in sections of Benchmarks/compare: small data sets, serving, distributed training."""


def print_heading(title, section):
    """Prints a section's heading, and its state when it did not run; True when it did run."""
    print()
    print(title)
    print()
    if "skipped" in section:
        print(f"Skipped: {section['skipped']}.")
        return False
    if "failure" in section:
        print(f"Failed: {section['failure']}")
        return False
    print(f"Command: `{section['command']}`; " + "; ".join(section["notes"]) + ".")
    print()
    return True
