"""Review: comments and amendments, the consultation matrix, answers and the lead's approval."""
