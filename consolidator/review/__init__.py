"""The six-monthly review: the approved Digital Policy's own record of its session, the decisions
carried to the current sources, the next version, and the committee pack."""
