"""Emergency preparedness: contingency plans, drills, material stocks and weather modes."""
