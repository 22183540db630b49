"""Teams, the topics they take and the languages agents speak: what routing matches on."""
