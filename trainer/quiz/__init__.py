"""Quizzes: question bank schema and loader, drawing, grading, attempts and mastery per topic."""
