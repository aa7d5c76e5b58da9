"""Career pages of the cluster's companies: the sitemaps or pages listed in OBSERVATORY_COMPANY_CAREERS_URLS.

Most applicant-tracking systems publish each opening with schema.org JobPosting markup (Google for Jobs reads
it); the spider reads whatever pages the listed sitemaps give. A site with its own board gets its own file like
this one, with `posting_url_pattern` when its sitemap lists more than postings.
"""

from __future__ import annotations

from spiders.job_posting import JobPostingSpider


class CompanyCareersSpider(JobPostingSpider):
    name = "company_careers"
