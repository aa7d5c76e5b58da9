"""Schools' and training bodies' programme pages: schema.org Course and EducationalOccupationalProgram.

The same structured-data spider as job postings (spiders/job_posting.py): entry URLs from
OBSERVATORY_SCHOOL_COURSES_URLS (sitemaps or pages), JSON-LD first, then microdata and RDFa. A programme
page of a school, a university or a training body publishes its course this way for search engines.
"""

from __future__ import annotations

from spiders.job_posting import JobPostingSpider


class SchoolCoursesSpider(JobPostingSpider):
    name = "school_courses"
    schema_types = ("Course", "EducationalOccupationalProgram")
    identifier_fields = ("identifier", "courseCode")
    expected_fields = ("name", "description", "provider")
