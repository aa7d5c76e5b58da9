-- What each job asks for: the concepts of its postings, required when one of them requires it.
-- Grain: job_id, concept_id.
select
    postings.duplicate_group as job_id,
    posting_skills.concept_id,
    any_value(posting_skills.level) as level,
    bool_or(posting_skills.requirement = 'required') as is_required,
from {{ ref('posting_skills') }} as posting_skills
inner join {{ ref('postings') }} as postings using (posting_id)
group by postings.duplicate_group, posting_skills.concept_id
