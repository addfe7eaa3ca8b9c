"""People: trainings and attendance, activities and contests, volunteer teams and their hours."""
