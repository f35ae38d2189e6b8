"""Check-ins of a pair: the program's plan and questions, each person's survey, reminders."""
